namespace GrainSystem.Benchmarks.Suite;

/// <summary>
/// The command line: <c>all</c> or one scenario's name, then <c>--quick</c> or <c>--smoke</c>, <c>--json FILE</c>,
/// <c>--only a,b</c>.
/// </summary>
public sealed record SuiteOptions(Profile Profile, IReadOnlySet<string> Only, string? Json, string Command)
{
    public const string Usage =
        "usage: GrainSystem.Benchmarks all|<scenario> [--quick|--smoke] [--json FILE] [--only a,b]\n" +
        "       GrainSystem.Benchmarks targets      (the targets table of docs/benchmarks.md)";

    /// <summary>The options, or null with <paramref name="error"/> when the command line is not one of the usage's.</summary>
    public static SuiteOptions? Parse(string[] args, IReadOnlyCollection<string> scenarios, out string? error)
    {
        error = null;
        if (args.Length == 0 || (args[0] != "all" && !scenarios.Contains(args[0])))
        {
            error = args.Length == 0 ? "no command" : $"unknown command '{args[0]}'";
            return null;
        }

        var profile = Profile.Full;
        string? json = null;
        var only = new HashSet<string>(StringComparer.Ordinal);
        if (args[0] != "all")
        {
            only.Add(args[0]);
        }

        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    profile = Profile.Quick;
                    break;
                case "--smoke":
                    profile = Profile.Smoke;
                    break;
                case "--json" when i + 1 < args.Length:
                    json = args[++i];
                    break;
                case "--only" when i + 1 < args.Length:
                    only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    error = $"unexpected argument '{args[i]}'";
                    return null;
            }
        }

        if (only.FirstOrDefault(s => !scenarios.Contains(s)) is { } unknown)
        {
            error = $"unknown scenario '{unknown}' (scenarios: {string.Join(", ", scenarios)})";
            return null;
        }

        return new SuiteOptions(profile, only, json, "all " + string.Join(' ', args.Skip(1)));
    }
}
