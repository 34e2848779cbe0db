"""Sign-in: OpenID Connect with PKCE against a fake identity provider, the persona picker kept to
the dev stack, and a session that leaves no token in the browser."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
from lattice_console.app import create_app
from lattice_console.sessions import COOKIE
from lattice_console.settings import ConsoleSettings
from lattice_console.signin import challenge_of
from lattice_devstack.testing.plugin import serving
from lattice_platform.auth import Role, SigningKey

ISSUER = "https://idp.example.com"
REDIRECT = "https://console.example.com/signin/callback"


class FakeIdentityProvider:
    """Discovery, and a token endpoint that redeems a code only with its challenge's verifier.
    With ``access_ttl_s`` its access tokens live that long and come with a refresh token, which
    it rotates: each is good for one refresh. Every other request is a service answering an
    empty list."""

    def __init__(self, key: SigningKey, access_ttl_s: int | None = None) -> None:
        self.key = key
        self.access_ttl_s = access_ttl_s
        self.codes: dict[str, tuple[str, str]] = {}  # code → (challenge, nonce)
        self.redeemed: list[dict[str, list[str]]] = []
        self.refresh_tokens: set[str] = set()
        self.service_calls: list[httpx.Request] = []

    def authorize(self, authorization_url: str) -> str:
        query = parse_qs(urlsplit(authorization_url).query)
        assert query["code_challenge_method"] == ["S256"]
        assert query["response_type"] == ["code"]
        assert query["redirect_uri"] == [REDIRECT]
        code = f"code-{len(self.codes)}"
        self.codes[code] = (query["code_challenge"][0], query["nonce"][0])
        return f"/signin/callback?code={code}&state={query['state'][0]}"

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/.well-known/openid-configuration":
            return httpx.Response(
                200,
                json={
                    "issuer": ISSUER,
                    "authorization_endpoint": f"{ISSUER}/authorize",
                    "token_endpoint": f"{ISSUER}/token",
                },
            )
        if request.url.path == "/token":
            form = parse_qs(request.content.decode())
            self.redeemed.append(form)
            if form["grant_type"] == ["refresh_token"]:
                return self.refreshed(form["refresh_token"][0])
            challenge, nonce = self.codes.pop(form["code"][0], ("", ""))
            if not challenge or challenge_of(form["code_verifier"][0]) != challenge:
                return httpx.Response(400, json={"error": "invalid_grant"})
            id_token = jwt.encode(
                {"sub": "ben@example.com", "nonce": nonce}, self.key.private_pem, "ES256"
            )
            return httpx.Response(200, json={**self.access(), "id_token": id_token})
        if request.url.host == urlsplit(ISSUER).hostname:
            return httpx.Response(404)
        self.service_calls.append(request)
        return httpx.Response(200, json={"items": [], "next_cursor": None})

    def access(self) -> dict[str, str]:
        if self.access_ttl_s is None:
            return {
                "access_token": self.key.mint(
                    "ben@example.com", [Role.EMPLOYEE], employee_id="E0004"
                )
            }
        refresh = f"refresh-{len(self.redeemed)}"
        self.refresh_tokens.add(refresh)
        access = self.key.mint(
            "ben@example.com", [Role.EMPLOYEE], employee_id="E0004", ttl_s=self.access_ttl_s
        )
        return {"access_token": access, "refresh_token": refresh}

    def refreshed(self, refresh_token: str) -> httpx.Response:
        if refresh_token not in self.refresh_tokens:
            return httpx.Response(400, json={"error": "invalid_grant"})
        self.refresh_tokens.remove(refresh_token)
        return httpx.Response(200, json=self.access())


def settings(key: SigningKey, **overrides: str) -> ConsoleSettings:
    return ConsoleSettings.model_validate(
        {
            "jwt_public_key": key.public_pem,
            "oidc_issuer": ISSUER,
            "oidc_client_id": "lattice-console",
            "oidc_redirect_url": REDIRECT,
            **overrides,
        }
    )


async def test_sign_in_with_the_provider_uses_pkce_and_keeps_the_token_on_the_server() -> None:
    key = SigningKey.generate()
    idp = FakeIdentityProvider(key)
    app = create_app(settings(key), transport=httpx.MockTransport(idp.handle))
    async with serving(app) as browser:
        browser.base_url = httpx.URL("https://console.example.com")  # the cookie is Secure
        start = await browser.get("/signin/oidc")
        assert start.status_code == 303
        assert start.headers["location"].startswith(f"{ISSUER}/authorize?")
        back = await browser.get(idp.authorize(start.headers["location"]))

        assert back.status_code == 303, back.text
        assert idp.redeemed[0]["code_verifier"], "the code was redeemed with the PKCE verifier"
        cookie = back.headers["set-cookie"]
        assert "HttpOnly" in cookie
        assert "SameSite=strict" in cookie
        assert "Secure" in cookie
        session_id = back.cookies[COOKIE]
        assert session_id not in json.dumps(idp.redeemed)
        assert "." not in session_id, "the cookie is an opaque id, not the token"
        assert (await browser.get("/")).headers["location"] == "/opportunities"


async def test_a_code_redeemed_with_another_verifier_is_refused() -> None:
    key = SigningKey.generate()
    idp = FakeIdentityProvider(key)
    app = create_app(settings(key), transport=httpx.MockTransport(idp.handle))
    async with serving(app) as browser:
        first = (await browser.get("/signin/oidc")).headers["location"]
        second = (await browser.get("/signin/oidc")).headers["location"]
        code_of_first = parse_qs(urlsplit(idp.authorize(first)).query)["code"][0]
        state_of_second = parse_qs(urlsplit(second).query)["state"][0]

        back = await browser.get(f"/signin/callback?code={code_of_first}&state={state_of_second}")

        assert back.status_code == 303
        assert back.headers["location"].startswith("/signin?problem=")
        assert COOKIE not in back.cookies


async def test_an_unknown_state_is_refused_without_asking_the_provider() -> None:
    key = SigningKey.generate()
    idp = FakeIdentityProvider(key)
    app = create_app(settings(key), transport=httpx.MockTransport(idp.handle))
    async with serving(app) as browser:
        back = await browser.get("/signin/callback?code=anything&state=forged")
        assert back.headers["location"].startswith("/signin?problem=")
        assert idp.redeemed == []


def test_the_persona_picker_is_refused_outside_the_dev_stack() -> None:
    key = SigningKey.generate()
    with pytest.raises(ValueError, match="dev stack only"):
        create_app(settings(key, console_dev_signing_key=key.private_pem))


async def test_the_persona_picker_in_the_dev_stack_mints_a_token_the_services_accept() -> None:
    key = SigningKey.generate()
    dev = settings(
        key,
        console_dev_signing_key=key.private_pem,
        lattice_dev_stack="true",
        console_dev_personas="E0004=Ben Costa=employee",
    )
    app = create_app(dev)
    async with serving(app) as browser:
        page = await browser.get("/signin")
        assert "Ben Costa" in page.text
        signed_in = await browser.post(
            "/signin/dev",
            content="employee_id=E0004&role=employee&role=service",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        assert signed_in.status_code == 303
        session = app.state.console.sessions.get(signed_in.cookies[COOKIE])
        assert session is not None
        assert session.principal.employee_id == "E0004"
        assert session.principal.roles == {Role.EMPLOYEE}, "never a service account"


def test_without_a_provider_or_the_dev_stack_the_console_does_not_start() -> None:
    with pytest.raises(ValueError, match="OIDC_ISSUER"):
        create_app(ConsoleSettings.model_validate({"jwt_public_key": "unused"}))


async def signed_in_with_the_provider(idp: FakeIdentityProvider, browser: httpx.AsyncClient) -> str:
    start = await browser.get("/signin/oidc")
    back = await browser.get(idp.authorize(start.headers["location"]))
    assert back.status_code == 303, back.text
    assert back.headers["location"] == "/", back.headers["location"]
    session_id: str = back.cookies[COOKIE]
    return session_id


async def test_a_token_about_to_expire_is_refreshed_before_a_service_is_called() -> None:
    key = SigningKey.generate()
    idp = FakeIdentityProvider(key, access_ttl_s=30)  # within the minute ahead: refresh at once
    app = create_app(
        settings(key, console_cookie_secure="false"), transport=httpx.MockTransport(idp.handle)
    )
    async with serving(app) as browser:
        session_id = await signed_in_with_the_provider(idp, browser)
        first_token = app.state.console.sessions.get(session_id).token
        idp.access_ttl_s = 3600
        page = await browser.get("/applications")
        again = await browser.get("/applications")
        session = app.state.console.sessions.get(session_id)

    assert page.status_code == again.status_code == 200
    refreshes = [form for form in idp.redeemed if form["grant_type"] == ["refresh_token"]]
    assert refreshes == [
        {
            "grant_type": ["refresh_token"],
            "refresh_token": ["refresh-1"],
            "client_id": ["lattice-console"],
        }
    ], "once: the renewed token is good for an hour"
    assert session.token != first_token
    assert session.refresh_token == "refresh-2", "the rotated refresh token is kept"
    assert [c.headers["Authorization"] for c in idp.service_calls] == [
        f"Bearer {session.token}"
    ] * 2
    assert session_id not in json.dumps(idp.redeemed)
    assert "refresh-" not in page.text + "".join(page.headers.values())


async def test_a_refused_refresh_ends_the_session_before_any_service_is_called() -> None:
    key = SigningKey.generate()
    idp = FakeIdentityProvider(key, access_ttl_s=30)
    app = create_app(
        settings(key, console_cookie_secure="false"), transport=httpx.MockTransport(idp.handle)
    )
    async with serving(app) as browser:
        session_id = await signed_in_with_the_provider(idp, browser)
        idp.refresh_tokens.clear()  # revoked at the provider
        page = await browser.get("/applications")
        after = await browser.get("/applications")

    assert page.status_code == 303
    assert page.headers["location"].startswith("/signin?problem=")
    assert after.headers["location"] == "/signin"
    assert app.state.console.sessions.get(session_id) is None
    assert idp.service_calls == []


async def test_without_a_refresh_token_the_session_ends_with_its_access_token() -> None:
    key = SigningKey.generate()
    idp = FakeIdentityProvider(key)
    app = create_app(
        settings(key, console_cookie_secure="false"), transport=httpx.MockTransport(idp.handle)
    )
    async with serving(app) as browser:
        session_id = await signed_in_with_the_provider(idp, browser)
        session = app.state.console.sessions.get(session_id)
        await browser.get("/applications")

    assert session.refresh_token is None
    assert session.expires_at == session.token_expires_at
    assert [form["grant_type"] for form in idp.redeemed] == [["authorization_code"]]
