from lattice_learning.settings import LearningSettings


def test_the_learning_service_reads_its_own_settings_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("LATTICE_LEARNING_MENTOR_CAPACITY", "5")
    monkeypatch.setenv("LATTICE_LEARNING_MAX_PAGE_SIZE", "50")
    settings = LearningSettings()
    assert (settings.service_name, settings.http_port, settings.db_schema) == (
        "learning",
        8003,
        "learning",
    )
    assert settings.mentor_capacity == 5
    assert settings.mentors_per_goal == 2
    assert settings.max_page_size == 50
