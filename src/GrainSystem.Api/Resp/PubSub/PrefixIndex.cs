namespace GrainSystem.Api.Resp.PubSub;

/// <summary>
/// Items filed under byte prefixes (a trie): <see cref="Collect"/> visits only the items whose prefix begins the key,
/// walking the key's bytes once. Prefixes are cut to <see cref="MaxDepth"/> bytes, which bounds the memory a long
/// prefix takes; a shorter prefix still begins every key the long one begins.
/// </summary>
internal sealed class PrefixIndex<T>
    where T : class
{
    public const int MaxDepth = 64;

    private readonly Node _root = new();

    public void Add(ReadOnlySpan<byte> prefix, T item)
    {
        var node = _root;
        foreach (var b in Cut(prefix))
        {
            node.Children ??= [];
            if (!node.Children.TryGetValue(b, out var child))
            {
                node.Children[b] = child = new Node();
            }

            node = child;
        }

        (node.Items ??= []).Add(item);
    }

    /// <summary>Removes one filing of <paramref name="item"/> under <paramref name="prefix"/>, and the nodes left empty.</summary>
    public void Remove(ReadOnlySpan<byte> prefix, T item) => Remove(_root, Cut(prefix), item);

    /// <summary>Adds to <paramref name="into"/> every item whose prefix begins <paramref name="key"/>.</summary>
    public void Collect(ReadOnlySpan<byte> key, List<T> into)
    {
        var node = _root;
        var depth = 0;
        while (true)
        {
            if (node.Items is not null)
            {
                into.AddRange(node.Items);
            }

            if (depth == key.Length || node.Children is null || !node.Children.TryGetValue(key[depth], out node!))
            {
                return;
            }

            depth++;
        }
    }

    private static ReadOnlySpan<byte> Cut(ReadOnlySpan<byte> prefix) => prefix.Length > MaxDepth ? prefix[..MaxDepth] : prefix;

    private static bool Remove(Node node, ReadOnlySpan<byte> prefix, T item)
    {
        if (prefix.IsEmpty)
        {
            node.Items?.Remove(item);
        }
        else if (node.Children is not null && node.Children.TryGetValue(prefix[0], out var child) && Remove(child, prefix[1..], item))
        {
            node.Children.Remove(prefix[0]);
        }

        return node.Items is not { Count: > 0 } && node.Children is not { Count: > 0 };
    }

    private sealed class Node
    {
        public Dictionary<byte, Node>? Children;
        public List<T>? Items;
    }
}
