namespace GrainSystem.Testing;

/// <summary>
/// Finds the built silo and API beside the running assembly's build: same configuration and target framework
/// (…/bin/Release/net10.0/), under the directory that holds GrainSystem.sln.
/// </summary>
public static class RepositoryLayout
{
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, read from the running assembly's own output path.</summary>
    public static string Configuration { get; } = Output.Parent!.Name;

    /// <summary>The target framework folder of the running assembly's output path (net10.0).</summary>
    public static string TargetFramework { get; } = Output.Name;

    /// <summary>The built <c>src/<paramref name="project"/></c> assembly, run with <c>dotnet</c>.</summary>
    public static string HostAssembly(string project)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, TargetFramework, project + ".dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{project} is not built at {path}; build the solution (-c {Configuration}) first.", path);
    }

    private static string FindRoot()
    {
        for (var dir = Output; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GrainSystem.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("GrainSystem.sln not found above " + AppContext.BaseDirectory);
    }
}
