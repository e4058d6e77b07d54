namespace GrainSystem.IntegrationTests.Hosting;

/// <summary>Finds the built silo and API next to this test assembly's build (same configuration).</summary>
public static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, read from this assembly's own output path (…/bin/Release/net10.0/).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;

    public static string HostAssembly(string project)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built at {path}; build the solution first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrainSystem.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GrainSystem.sln not found above " + AppContext.BaseDirectory);
    }
}
