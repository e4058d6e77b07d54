namespace GrainSystem.Api.Resp.Commands;

/// <summary>
/// A command the endpoint knows: how it is called (arity as Redis counts it: positive = exactly, negative = at least,
/// the name included), where its keys are (1-based positions; 0 = no keys; <see cref="LastKey"/> -1 = the last
/// argument), what it may do, how <c>COMMAND DOCS</c> describes it, and how it runs: a <see cref="Handler"/>, or for
/// the cache's commands a <see cref="Plan"/> whose operations run batched with the others of their partition.
/// </summary>
internal sealed record RespCommandSpec(
    string Name,
    int Arity,
    RespCommandFlags Flags,
    int FirstKey,
    int LastKey,
    int KeyStep,
    string Group,
    string Since,
    string Summary,
    RespHandler? Handler,
    Keyspace.CachePlanner? Plan = null)
{
    /// <summary>The lower-case name, as <c>COMMAND</c> and error messages show it.</summary>
    public string DisplayName { get; } = Name.ToLowerInvariant();

    public bool Has(RespCommandFlags flag) => (Flags & flag) == flag;

    /// <summary>Whether <paramref name="arguments"/> (the name included) is a valid argument count.</summary>
    public bool AcceptsArgumentCount(int arguments) => Arity >= 0 ? arguments == Arity : arguments >= -Arity;

    /// <summary>The 1-based positions of the command's keys in <paramref name="arguments"/> arguments (the name included).</summary>
    public IEnumerable<int> KeyPositions(int arguments)
    {
        if (FirstKey == 0)
        {
            yield break;
        }

        var last = LastKey < 0 ? arguments + LastKey : LastKey;
        for (var i = FirstKey; i <= last && i < arguments; i += KeyStep)
        {
            yield return i;
        }
    }
}
