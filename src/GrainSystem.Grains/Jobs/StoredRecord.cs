using Orleans.Storage;

namespace GrainSystem.Grains.Jobs;

/// <summary>Deletes a job's stored state at the end of its retention, whatever earlier attempts or other activations did.</summary>
internal static class StoredRecord
{
    /// <summary>
    /// Deletes the stored record of <paramref name="state"/> if it still holds this job (<paramref name="sameJob"/>
    /// compares the in-memory state with the stored one). A conflict means the record changed since this activation read
    /// or wrote it: an earlier deletion that timed out but landed, another activation that deleted it, or a new job stored
    /// under the id since. The record is then read again, and deleted with its current ETag only if it still holds this
    /// job; a new job's record is left alone. Any other failure is thrown (the caller tries again).
    /// </summary>
    public static async Task ClearAsync<T>(IPersistentState<T> state, Func<T, T, bool> sameJob)
    {
        var mine = state.State;
        try
        {
            await state.ClearStateAsync();
        }
        catch (InconsistentStateException)
        {
            await state.ReadStateAsync();
            if (state.RecordExists && sameJob(mine, state.State))
            {
                await state.ClearStateAsync();
            }
            else
            {
                state.State = mine;
            }
        }
    }
}
