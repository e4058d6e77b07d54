using GrainSystem.Abstractions.Events;

namespace GrainSystem.Grains.Events;

/// <summary>
/// An index of topic patterns over their words: one node per word position with literal, <c>*</c> and
/// <c>#</c> children. Matching a topic walks only the branches its words can take, so its cost grows with
/// the topic's length and the matching patterns, not with the number of subscriptions.
/// </summary>
/// <typeparam name="TKey">What a pattern belongs to (a subscription id).</typeparam>
public sealed class PatternTrie<TKey> where TKey : notnull
{
    private readonly Node _root = new();

    /// <summary>Reused by every match (the trie belongs to one grain: not thread-safe).</summary>
    private readonly HashSet<(Node, int)> _visited = new(ReferenceTupleComparer.Instance);

    /// <summary>Number of (pattern, key) entries.</summary>
    public int Count { get; private set; }

    /// <summary>Adds <paramref name="pattern"/> for <paramref name="key"/> (idempotent).</summary>
    public void Add(TopicPattern pattern, TKey key)
    {
        var node = _root;
        foreach (var word in Normalize(pattern))
        {
            node = node.Child(word, create: true)!;
        }

        if (node.Keys.Add(key))
        {
            Count++;
        }
    }

    /// <summary>Removes <paramref name="pattern"/> for <paramref name="key"/>, pruning nodes left empty.</summary>
    public void Remove(TopicPattern pattern, TKey key)
    {
        var words = Normalize(pattern);
        var path = new List<(Node Parent, string Word)>(words.Count);
        var node = _root;
        foreach (var word in words)
        {
            var child = node.Child(word, create: false);
            if (child is null)
            {
                return;
            }

            path.Add((node, word));
            node = child;
        }

        if (!node.Keys.Remove(key))
        {
            return;
        }

        Count--;
        for (var i = path.Count - 1; i >= 0 && node.IsEmpty; i--)
        {
            path[i].Parent.RemoveChild(path[i].Word);
            node = path[i].Parent;
        }
    }

    /// <summary>
    /// Adds to <paramref name="result"/> the keys of every pattern matching <paramref name="topic"/> (a valid
    /// topic). Returns the number of (node, word position) steps taken: each is taken at most once per match,
    /// so a match costs at most (trie nodes on the topic's paths) × (words + 1), whatever the <c>#</c>s.
    /// </summary>
    public int Match(string topic, HashSet<TKey> result)
    {
        var visited = _visited;
        visited.Clear();
        Match(_root, topic.Split('.'), 0, result, visited);
        return visited.Count;
    }

    private static void Match(Node node, string[] words, int index, HashSet<TKey> result, HashSet<(Node, int)> visited)
    {
        // '#' can reach one (node, position) along many splits; what it matches from there is the same each time.
        if (!visited.Add((node, index)))
        {
            return;
        }

        if (node.Hash is { } hash)
        {
            // '#' takes zero or more words: continue after it from every remaining position.
            for (var next = index; next <= words.Length; next++)
            {
                Match(hash, words, next, result, visited);
            }
        }

        if (index == words.Length)
        {
            result.UnionWith(node.Keys);
            return;
        }

        if (node.Literals?.TryGetValue(words[index], out var literal) == true)
        {
            Match(literal, words, index + 1, result, visited);
        }

        if (node.Star is { } star)
        {
            Match(star, words, index + 1, result, visited);
        }
    }

    private sealed class ReferenceTupleComparer : IEqualityComparer<(Node Node, int Index)>
    {
        public static readonly ReferenceTupleComparer Instance = new();

        public bool Equals((Node Node, int Index) x, (Node Node, int Index) y) => ReferenceEquals(x.Node, y.Node) && x.Index == y.Index;

        public int GetHashCode((Node Node, int Index) obj) => HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Node), obj.Index);
    }

    /// <summary>Consecutive <c>#</c> match what one does; collapsing them keeps matching linear in the topic's words.</summary>
    private static List<string> Normalize(TopicPattern pattern)
    {
        var words = new List<string>(pattern.Words.Count);
        foreach (var word in pattern.Words)
        {
            if (!(word == "#" && words.Count > 0 && words[^1] == "#"))
            {
                words.Add(word);
            }
        }

        return words;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Literals;
        public Node? Star;
        public Node? Hash;
        public readonly HashSet<TKey> Keys = [];

        public bool IsEmpty => Keys.Count == 0 && Star is null && Hash is null && (Literals is null || Literals.Count == 0);

        public Node? Child(string word, bool create)
        {
            switch (word)
            {
                case "*":
                    return create ? Star ??= new Node() : Star;
                case "#":
                    return create ? Hash ??= new Node() : Hash;
                default:
                    if (Literals?.TryGetValue(word, out var child) == true)
                    {
                        return child;
                    }

                    if (!create)
                    {
                        return null;
                    }

                    child = new Node();
                    (Literals ??= new Dictionary<string, Node>(StringComparer.Ordinal))[word] = child;
                    return child;
            }
        }

        public void RemoveChild(string word)
        {
            switch (word)
            {
                case "*":
                    Star = null;
                    break;
                case "#":
                    Hash = null;
                    break;
                default:
                    Literals?.Remove(word);
                    break;
            }
        }
    }
}
