namespace GrainSystem.FaultTests.Nemesis;

/// <summary>The faults of the profiles: each one alone, and the combined ones.</summary>
public static class FaultCatalog
{
    /// <summary>How long a killed process stays down before it is restarted.</summary>
    public static readonly TimeSpan Down = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan RedisFrozen = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan ClockOffset = TimeSpan.FromSeconds(40);

    /// <summary>The long profile's cycle: every fault alone (the clock both ways), then two combinations.</summary>
    public static IReadOnlyList<Fault> Cycle() =>
    [
        new KillSilo(Down),
        new PauseSilo(),
        new SkewClock(ClockOffset, Down),
        new FreezeRedis(RedisFrozen),
        new RestartRedis(),
        new RestartApi(Down),
        new SkewClock(-ClockOffset, Down),
        new Combined(new FreezeRedis(RedisFrozen), new KillSilo(Down)),
        new Combined(new PauseSilo(), new RestartApi(Down)) { HealEachWhenHeld = true },
    ];

    /// <summary>The short profile: every fault of the cycle once, one after another.</summary>
    public static IReadOnlyList<Fault> Short() => Cycle();

    /// <summary>
    /// The faults of <paramref name="faults"/> whose names contain one of <paramref name="names"/> (comma-separated,
    /// case-insensitive, e.g. <c>pause silo,freeze redis</c>); all of them when no names are given.
    /// </summary>
    public static IReadOnlyList<Fault> Select(IReadOnlyList<Fault> faults, string? names)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            return faults;
        }

        var wanted = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return [.. faults.Where(f => wanted.Any(w => f.Name.Contains(w, StringComparison.OrdinalIgnoreCase)))];
    }
}
