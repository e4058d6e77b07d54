namespace GrainSystem.FaultTests.History;

public enum LockOpKind
{
    Acquire,
    Renew,
    Release,
}

public enum LockAnswer
{
    None,
    Granted,
    Busy,
    Renewed,
    Released,
    NotOwner,
}

/// <summary>
/// One lock operation: <paramref name="Token"/> is the owner token granted (acquire) or presented (renew, release);
/// <paramref name="Lease"/> the lease asked for; <paramref name="Fencing"/> the fencing token answered.
/// </summary>
public sealed record LockOp(
    int Client,
    string Lock,
    LockOpKind Kind,
    string? Token,
    TimeSpan Lease,
    Outcome Outcome,
    LockAnswer Answer,
    long Fencing,
    long Invoke,
    long Complete)
{
    public override string ToString() =>
        $"c{Client} {Kind} {Lock} lease {Lease.TotalSeconds:0.#}s -> {(Outcome == Outcome.Ok ? $"{Answer} fencing {Fencing}" : Outcome.ToString())}" +
        $" [{RunClock.Format(Invoke)}, {RunClock.Format(Complete)}]";
}

/// <summary>A lock as <c>GET /locks/{name}</c> showed it once the run had ended and every lease had run out.</summary>
public sealed record LockFinal(string Lock, bool Held, string? Owner, long Fencing, long At);
