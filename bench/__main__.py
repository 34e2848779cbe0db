import bench

print(bench.__doc__)
