namespace GrainSystem.Benchmarks.Suite;

/// <summary>How long a run takes: <c>--smoke</c> (tiny counts, one round, no verdicts), <c>--quick</c> or the full run.</summary>
public enum Profile
{
    Smoke,
    Quick,
    Full,
}

/// <summary>The rounds and sizes of a run, picked per <see cref="Profile"/>.</summary>
public sealed record RunSettings(Profile Profile)
{
    /// <summary>Measured rounds per comparison; each side runs once per round, the order alternating.</summary>
    public int Rounds => Pick(smoke: 1, quick: 3, full: 5);

    /// <summary>Whether every side runs once unmeasured before the rounds (a smoke run only checks that everything runs).</summary>
    public bool WarmUp => Profile != Profile.Smoke;

    /// <summary>Whether rows are judged against their targets: a smoke run's counts are too small to mean anything.</summary>
    public bool Verdicts => Profile != Profile.Smoke;

    public T Pick<T>(T smoke, T quick, T full) => Profile switch
    {
        Profile.Smoke => smoke,
        Profile.Quick => quick,
        _ => full,
    };
}
