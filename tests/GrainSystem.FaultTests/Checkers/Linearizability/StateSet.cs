namespace GrainSystem.FaultTests.Checkers.Linearizability;

/// <summary>
/// The states a nondeterministic model may be in (Porcupine's power-set construction): the search treats the set as
/// one deterministic state, so memoisation compares sets.
/// </summary>
internal sealed class StateSet<TState> : IEquatable<StateSet<TState>> where TState : struct, IEquatable<TState>
{
    private readonly TState[] _states;
    private readonly int _hash;

    private StateSet(TState[] states)
    {
        _states = states;
        foreach (var state in states)
        {
            _hash ^= state.GetHashCode(); // order-independent
        }
    }

    public IReadOnlyList<TState> States => _states;

    public bool IsEmpty => _states.Length == 0;

    public static StateSet<TState> Of(TState state) => new([state]);

    public static StateSet<TState> Of(List<TState> states) => new([.. states.Distinct()]);

    public bool Equals(StateSet<TState>? other) =>
        other is not null && other._hash == _hash && other._states.Length == _states.Length && other._states.All(_states.Contains);

    public override bool Equals(object? obj) => Equals(obj as StateSet<TState>);

    public override int GetHashCode() => _hash;
}
