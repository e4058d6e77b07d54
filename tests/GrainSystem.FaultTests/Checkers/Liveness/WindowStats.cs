namespace GrainSystem.FaultTests.Checkers.Liveness;

/// <summary>
/// A feature during one fault window: the longest time without a successful answer from the injection on, and how
/// long after the heal the first operation asked from then on succeeded (null: none did before the window closed).
/// </summary>
public sealed record WindowStats(string Fault, string Feature, TimeSpan LongestUnavailability, TimeSpan? Recovery);
