namespace GrainSystem.FaultTests.Checkers.Linearizability;

/// <summary>
/// A sequential specification of one object (one cache key): its initial state and what an operation with its recorded
/// answer may do to a state. Nondeterministic: an operation may lead to several states (an operation of unknown outcome
/// on a partly known state), and to none when that answer is impossible there.
/// </summary>
public interface ISequentialModel<TState, TOp> where TState : struct, IEquatable<TState>
{
    TState Initial { get; }

    /// <summary>Adds to <paramref name="successors"/> every state <paramref name="op"/> can lead to from <paramref name="state"/>.</summary>
    void Step(TState state, TOp op, List<TState> successors);
}
