namespace GrainSystem.FaultTests.Nemesis;

/// <summary>The faults of the profiles: each one alone, and the combined ones.</summary>
public static class FaultCatalog
{
    /// <summary>How long a killed process stays down before it is restarted.</summary>
    public static readonly TimeSpan Down = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan RedisFrozen = TimeSpan.FromSeconds(8);

    public static readonly TimeSpan ClockOffset = TimeSpan.FromSeconds(40);

    /// <summary>The short profile: every fault once, one after another, and one combination.</summary>
    public static IReadOnlyList<Fault> Short() =>
    [
        new KillSilo(Down),
        new PauseSilo(),
        new SkewClock(ClockOffset, Down),
        new FreezeRedis(RedisFrozen),
        new RestartRedis(),
        new RestartApi(Down),
        new Combined(new FreezeRedis(RedisFrozen), new KillSilo(Down)),
    ];

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
        new Combined(new PauseSilo(), new RestartApi(Down)),
    ];
}
