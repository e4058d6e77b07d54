namespace GrainSystem.FaultTests.History;

/// <summary>The cache operations the workload performs on a key.</summary>
public enum CacheOpKind
{
    Read,
    Write,
    SetIfAbsent,
    CompareAndSet,
    Increment,
    Delete,
}

/// <summary>A definite answer of the cache, as the HTTP status and headers said it.</summary>
public enum CacheAnswer
{
    None,
    Hit,
    Miss,
    Created,
    Replaced,
    PreconditionFailed,
    Deleted,
    NotFound,
    Incremented,
    Conflict,
}

/// <summary>
/// One cache operation: <paramref name="Argument"/> is the value written or the increment, <paramref name="Expected"/>
/// the version a compare-and-set expects; <paramref name="Value"/> and <paramref name="Version"/> are what the answer
/// carried (a read's value and ETag, a write's ETag, a counter's new value, a failed condition's current version).
/// </summary>
public sealed record CacheOp(
    int Client,
    string Key,
    CacheOpKind Kind,
    long Argument,
    long Expected,
    Outcome Outcome,
    CacheAnswer Answer,
    long Value,
    long Version,
    long Invoke,
    long Complete)
{
    public override string ToString() =>
        $"c{Client} {Kind}({Argument}{(Kind == CacheOpKind.CompareAndSet ? $" if v{Expected}" : "")}) -> " +
        (Outcome == Outcome.Ok ? $"{Answer} {Value} v{Version}" : Outcome.ToString()) +
        $" [{RunClock.Format(Invoke)}, {RunClock.Format(Complete)}]";
}
