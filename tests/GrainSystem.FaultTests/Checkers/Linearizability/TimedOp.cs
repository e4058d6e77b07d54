using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Linearizability;

/// <summary>
/// An operation with the interval it took effect in: <paramref name="Complete"/> is <see cref="RunClock.Never"/> when
/// its outcome is unknown, so it may take effect at any time after <paramref name="Invoke"/>, or never (last).
/// </summary>
public readonly record struct TimedOp<TOp>(TOp Op, long Invoke, long Complete);
