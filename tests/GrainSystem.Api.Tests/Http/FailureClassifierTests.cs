using GrainSystem.Api.Http;
using Orleans.Persistence.Redis;
using Orleans.Runtime.Messaging;
using Orleans.Storage;
using StackExchange.Redis;

namespace GrainSystem.Api.Tests.Http;

public sealed class FailureClassifierTests
{
    public static TheoryData<Exception> SentWithoutAnswer() =>
    [
        new TimeoutException("Response did not arrive on time in 00:00:05 for message: Request S127.0.0.1"),
        new SiloUnavailableException("The target silo became unavailable for message: Request S127.0.0.1"),
        new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent),
        new RedisConnectionException(ConnectionFailureType.SocketClosed, "closed", null, CommandStatus.Sent),
        new RedisStorageException("Failed to write grain state for job grain with ID job/1. RedisTimeoutException: Timeout"),
        new InvalidOperationException("wrapped", new TimeoutException("inner")),
        new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type StackExchange.Redis.RedisConnectionException."),
        new OrleansException("An unexpected failure of the Orleans runtime after the call was sent"),
    ];

    public static TheoryData<Exception> NeverReachedAGrain() =>
    [
        new SiloUnavailableException("No gateways available"),
        new GatewayTooBusyException(),
        new ConnectionFailedException("refused"),
        new InconsistentStateException("Version conflict"),
        new RedisConnectionException(ConnectionFailureType.UnableToConnect, "down", null, CommandStatus.WaitingToBeSent),
        new RedisStorageException("Failed to read grain state for lock grain with ID lock/a. RedisConnectionException: down"),
        new OrleansException("Trying to register job/5e8c on invalid silo: S127.0.0.1:37813:155197404. Known status: Dead"),
        new OperationCanceledException("Message expired before placement could complete for grain topic/f28ef70e5b.a."),
    ];

    [Theory]
    [MemberData(nameof(SentWithoutAnswer))]
    public void A_write_sent_without_an_answer_has_an_unknown_outcome(Exception exception)
    {
        Assert.Equal(Unavailability.OutcomeUnknown, FailureClassifier.Classify(exception, write: true));
        Assert.Equal(Unavailability.Refused, FailureClassifier.Classify(exception, write: false));
    }

    [Theory]
    [MemberData(nameof(NeverReachedAGrain))]
    public void A_call_that_never_reached_a_grain_was_refused(Exception exception) =>
        Assert.Equal(Unavailability.Refused, FailureClassifier.Classify(exception, write: true));

    [Fact]
    public void Other_failures_are_no_unavailability() =>
        Assert.Null(FailureClassifier.Classify(new InvalidProgramException("bug"), write: true));

    [Theory]
    [InlineData("GET", false)]
    [InlineData("HEAD", false)]
    [InlineData("POST", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    public void Methods_that_may_change_state_are_writes(string method, bool write) =>
        Assert.Equal(write, FailureClassifier.IsWrite(method));

    [Fact]
    public void An_argument_error_names_its_parameter_without_the_framework_suffix()
    {
        Assert.True(FailureClassifier.IsArgumentError(new ArgumentOutOfRangeException("sliding", "is at least 1 ms."),
            out var field, out var message));
        Assert.Equal("sliding", field);
        Assert.Equal("is at least 1 ms.", message);
    }
}
