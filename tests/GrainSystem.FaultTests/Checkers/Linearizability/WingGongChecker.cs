namespace GrainSystem.FaultTests.Checkers.Linearizability;

/// <summary>
/// Linearizability of one object's history by the Wing–Gong search with Lowe's and Porcupine's memoisation: calls
/// and returns sorted by time in a doubly linked list; the search repeatedly linearizes a pending call whose effect the
/// model accepts (lifting it and its return out of the list), and backtracks when it meets a return whose call is not
/// linearized yet. A (linearized set, state set) pair already seen is never explored twice. An operation of unknown
/// outcome returns at <see cref="History.RunClock.Never"/>, so it may be placed anywhere after its call — last
/// meaning "never took effect". Callers split histories per key first (P-compositionality).
/// </summary>
public static class WingGongChecker
{
    private const int None = -1;

    public static LinearizabilityResult<TOp> Check<TState, TOp>(ISequentialModel<TState, TOp> model, IReadOnlyList<TimedOp<TOp>> history,
        long maxSteps) where TState : struct, IEquatable<TState>
    {
        var n = history.Count;
        if (n == 0)
        {
            return new LinearizabilityResult<TOp>(Verdict.Linearizable, 0, [], default);
        }

        // Entries 2i (call of op i) and 2i+1 (its return), linked in time order after a head sentinel; calls first on ties.
        var head = 2 * n;
        var next = new int[2 * n + 1];
        var prev = new int[2 * n + 1];
        var order = Enumerable.Range(0, 2 * n)
            .OrderBy(e => e % 2 == 0 ? history[e / 2].Invoke : history[e / 2].Complete)
            .ThenBy(e => e % 2)
            .ToArray();
        var last = head;
        foreach (var entry in order)
        {
            next[last] = entry;
            prev[entry] = last;
            last = entry;
        }

        next[last] = None;

        var memo = new HashSet<(Bitset, StateSet<TState>)>();
        var stack = new Stack<(int Call, StateSet<TState> State, Bitset Linearized)>();
        var successors = new List<TState>();
        var state = StateSet<TState>.Of(model.Initial);
        var linearized = new Bitset(n);
        var longest = 0;
        IReadOnlyList<TOp> longestPrefix = [];
        var stuck = default(TOp);
        long steps = 0;

        var current = next[head];
        while (next[head] != None)
        {
            if (++steps > maxSteps)
            {
                return new LinearizabilityResult<TOp>(Verdict.Unknown, steps, longestPrefix, stuck);
            }

            if (current % 2 == 0)
            {
                var op = history[current / 2].Op;
                successors.Clear();
                foreach (var s in state.States)
                {
                    model.Step(s, op, successors);
                }

                var after = StateSet<TState>.Of(successors);
                var withOp = after.IsEmpty ? null : linearized.With(current / 2);
                if (withOp is not null && memo.Add((withOp, after)))
                {
                    stack.Push((current, state, linearized));
                    state = after;
                    linearized = withOp;
                    Lift(current, next, prev);
                    current = next[head];
                }
                else
                {
                    current = next[current];
                }

                continue;
            }

            // A return whose call is not linearized: nothing placed so far lets it take effect before it answered.
            if (stack.Count == 0)
            {
                return new LinearizabilityResult<TOp>(Verdict.NotLinearizable, steps, longestPrefix,
                    longest > 0 ? stuck : history[current / 2].Op);
            }

            if (stack.Count > longest)
            {
                longest = stack.Count;
                longestPrefix = [.. stack.Reverse().Select(e => history[e.Call / 2].Op)];
                stuck = history[current / 2].Op;
            }

            var top = stack.Pop();
            state = top.State;
            linearized = top.Linearized;
            Unlift(top.Call, next, prev);
            current = next[top.Call];
        }

        return new LinearizabilityResult<TOp>(Verdict.Linearizable, steps, [], default);
    }

    private static void Lift(int call, int[] next, int[] prev)
    {
        next[prev[call]] = next[call];
        prev[next[call]] = prev[call];
        var ret = call + 1;
        next[prev[ret]] = next[ret];
        if (next[ret] != None)
        {
            prev[next[ret]] = prev[ret];
        }
    }

    private static void Unlift(int call, int[] next, int[] prev)
    {
        var ret = call + 1;
        next[prev[ret]] = ret;
        if (next[ret] != None)
        {
            prev[next[ret]] = ret;
        }

        next[prev[call]] = call;
        prev[next[call]] = call;
    }
}
