namespace GrainSystem.Grains.Jobs.Operations;

/// <summary>
/// An item (or the arguments) cannot be processed by the operation: a retry cannot help, so the chunk fails
/// permanently and fails its job with this message.
/// </summary>
public sealed class InvalidItemException(string message, int? itemIndex = null)
    : Exception(itemIndex is null ? message : $"item {itemIndex}: {message}")
{
    /// <summary>Index of the offending item in the job, when known.</summary>
    public int? ItemIndex { get; } = itemIndex;

    /// <summary>The message without the item index.</summary>
    public string Reason { get; } = message;

    /// <summary>This error, located at <paramref name="index"/> in the job.</summary>
    public InvalidItemException At(int index) => new(Reason, index);
}
