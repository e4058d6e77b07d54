namespace GrainSystem.Api.Resp;

/// <summary>What a session may ask of its connection: flush, wake its loop, close it, and when it closed.</summary>
internal interface IRespConnection
{
    CancellationToken Closed { get; }

    ValueTask FlushAsync();

    void Wake();

    void Abort();
}
