namespace GrainSystem.Tests.Locking;

/// <summary>
/// The system clock with its wall clock moved by <see cref="Offset"/> (as libfaketime moves a process's): monotonic
/// timestamps and timers are the system's, so only code that trusts the wall clock notices.
/// </summary>
internal sealed class OffsetClock : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
