namespace GrainSystem.FaultTests.Checkers.Linearizability;

/// <summary>The set of operations already linearized, compared and hashed by content for the search's memo.</summary>
internal sealed class Bitset : IEquatable<Bitset>
{
    private readonly ulong[] _words;

    public Bitset(int size) => _words = new ulong[(size + 63) / 64];

    private Bitset(ulong[] words) => _words = words;

    public Bitset With(int bit)
    {
        var words = (ulong[])_words.Clone();
        words[bit >> 6] |= 1UL << (bit & 63);
        return new Bitset(words);
    }

    public bool Equals(Bitset? other) => other is not null && _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => Equals(obj as Bitset);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var word in _words)
        {
            hash.Add(word);
        }

        return hash.ToHashCode();
    }
}
