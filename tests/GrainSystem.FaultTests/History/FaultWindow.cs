namespace GrainSystem.FaultTests.History;

/// <summary>
/// One fault of a run: the window opens at <paramref name="Start"/>, the fault is in place from
/// <paramref name="Injected"/> until <paramref name="Healed"/>, and the window closes at <paramref name="End"/>
/// (when every feature answered again, or the settle time ran out). Operations are attributed to the window their
/// invocation falls in.
/// </summary>
public sealed record FaultWindow(string Name, long Start, long Injected, long Healed, long End)
{
    public bool Contains(long time) => time >= Start && time < End;
}
