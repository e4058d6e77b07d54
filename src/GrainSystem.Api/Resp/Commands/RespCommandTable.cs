using System.Collections.Frozen;
using System.Text;

namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// Every command the endpoint knows, found by its name's bytes without allocating: the name is widened to characters
/// on the stack and looked up case-insensitively.
/// </summary>
internal static class RespCommandTable
{
    private const int LongestName = 32;

    private static readonly FrozenDictionary<string, RespCommandSpec> ByName =
        ConnectionCommands.Specs
            .Concat(ServerCommands.Specs)
            .Concat(PubSubCommands.Specs)
            .Concat(LockCommands.Specs)
            .Concat(Keyspace.StringCommands.Specs)
            .Concat(Keyspace.KeyCommands.Specs)
            .Concat(Keyspace.TransactionCommands.Specs)
            .ToFrozenDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<string, RespCommandSpec>.AlternateLookup<ReadOnlySpan<char>> ByChars =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IEnumerable<RespCommandSpec> All => ByName.Values;

    public static int Count => ByName.Count;

    public static bool TryFind(ReadOnlySpan<byte> name, out RespCommandSpec spec)
    {
        spec = null!;
        if (name.Length is 0 or > LongestName)
        {
            return false;
        }

        Span<char> chars = stackalloc char[name.Length];
        Encoding.Latin1.GetChars(name, chars);
        return ByChars.TryGetValue(chars, out spec!);
    }

    public static bool TryFind(string name, out RespCommandSpec spec) => ByName.TryGetValue(name, out spec!);
}
