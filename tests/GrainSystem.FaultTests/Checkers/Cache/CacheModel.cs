using GrainSystem.FaultTests.Checkers.Linearizability;
using GrainSystem.FaultTests.History;

namespace GrainSystem.FaultTests.Checkers.Cache;

/// <summary>
/// The cache's promise for one key, as a sequential specification: reads see the last write with its version; a write
/// gets a version above every earlier one (also across deletes) and says whether it created the key; compare-and-set
/// and set-if-absent take effect only when their condition holds, else answer the current version; an increment adds
/// to the value (an absent key counts from 0). An operation of unknown outcome takes effect fully, with a version nobody
/// saw (placing it last means it never took effect).
/// </summary>
public sealed class CacheModel : ISequentialModel<CacheState, CacheOp>
{
    public static readonly CacheModel Instance = new();

    public CacheState Initial => CacheState.Absent(0);

    public void Step(CacheState s, CacheOp op, List<CacheState> successors)
    {
        if (op.Outcome == Outcome.Indeterminate)
        {
            StepUnknown(s, op, successors);
            return;
        }

        var next = op.Kind switch
        {
            CacheOpKind.Read => Read(s, op),
            CacheOpKind.Write when op.Answer is CacheAnswer.Created or CacheAnswer.Replaced =>
                (op.Answer == CacheAnswer.Created) != s.Exists && s.Precedes(op.Version) ? CacheState.Present(op.Argument, op.Version) : null,
            CacheOpKind.SetIfAbsent => Condition(s, op, condition: !s.Exists, CacheAnswer.Created),
            CacheOpKind.CompareAndSet => Condition(s, op, condition: s.Exists && s.CanBeAt(op.Expected) && op.Version > op.Expected,
                CacheAnswer.Replaced),
            CacheOpKind.Increment => Increment(s, op),
            CacheOpKind.Delete => op.Answer switch
            {
                CacheAnswer.Deleted when s.Exists => CacheState.Absent(s.Version),
                CacheAnswer.NotFound when !s.Exists => s,
                _ => null,
            },
            _ => null,
        };
        if (next is { } state)
        {
            successors.Add(state);
        }
    }

    private static CacheState? Read(CacheState s, CacheOp op) => op.Answer switch
    {
        CacheAnswer.Miss when !s.Exists => s,
        CacheAnswer.Hit when s.Exists && s.Value == op.Value && s.CanBeAt(op.Version) => CacheState.Present(s.Value, op.Version),
        _ => null,
    };

    /// <summary>A conditional write: applied with <paramref name="applied"/> when it held, else 412 with the current version.</summary>
    private static CacheState? Condition(CacheState s, CacheOp op, bool condition, CacheAnswer applied)
    {
        if (op.Answer == applied)
        {
            return condition && s.Precedes(op.Version) ? CacheState.Present(op.Argument, op.Version) : null;
        }

        if (op.Answer != CacheAnswer.PreconditionFailed)
        {
            return null;
        }

        // 412 names the current version (0 = absent); the condition must have failed at that version.
        if (op.Version == 0)
        {
            return s.Exists ? null : s;
        }

        var failed = op.Kind == CacheOpKind.SetIfAbsent || op.Version != op.Expected;
        return s.Exists && failed && s.CanBeAt(op.Version) ? CacheState.Present(s.Value, op.Version) : null;
    }

    private static CacheState? Increment(CacheState s, CacheOp op)
    {
        var before = s.Exists ? s.Value : 0;
        var overflows = (op.Argument > 0 && before > long.MaxValue - op.Argument) || (op.Argument < 0 && before < long.MinValue - op.Argument);
        return op.Answer switch
        {
            CacheAnswer.Incremented when !overflows && op.Value == before + op.Argument && s.Precedes(op.Version) =>
                CacheState.Present(op.Value, op.Version),
            CacheAnswer.Conflict when overflows => s,
            _ => null,
        };
    }

    private static void StepUnknown(CacheState s, CacheOp op, List<CacheState> successors)
    {
        switch (op.Kind)
        {
            case CacheOpKind.Read:
                successors.Add(s);
                break;
            case CacheOpKind.Write:
                successors.Add(CacheState.PresentUnseen(op.Argument, s.Version));
                break;
            case CacheOpKind.SetIfAbsent:
                successors.Add(s.Exists ? s : CacheState.PresentUnseen(op.Argument, s.Version));
                break;
            case CacheOpKind.CompareAndSet:
                if (s.Exists && s.CanBeAt(op.Expected))
                {
                    successors.Add(CacheState.PresentUnseen(op.Argument, op.Expected));
                }

                if (!s.Exists || !s.Exact || s.Version != op.Expected)
                {
                    successors.Add(s);
                }

                break;
            case CacheOpKind.Increment:
                var before = s.Exists ? s.Value : 0;
                successors.Add(CacheState.PresentUnseen(unchecked(before + op.Argument), s.Version));
                break;
            case CacheOpKind.Delete:
                successors.Add(s.Exists ? CacheState.Absent(s.Version) : s);
                break;
        }
    }
}
