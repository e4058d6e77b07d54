using System.Text;
using GrainSystem.Api.Resp.PubSub;

namespace GrainSystem.Resp.Tests.PubSub;

public sealed class EventPayloadsTests
{
    [Theory]
    [InlineData("{\"id\":1}", "{\"id\":1}")]
    [InlineData("{ \"id\": 1 }", "{ \"id\": 1 }")]
    [InlineData("42", "42")]
    [InlineData("\"text\"", "\"text\"")]
    [InlineData("hello world", "{\"$resp\":\"hello world\"}")]
    [InlineData("{\"a\":\n1}", "{\"$resp\":\"{\\\"a\\\":\\n1}\"}")]
    [InlineData("é \"quoted\"", "{\"$resp\":\"é \\\"quoted\\\"\"}")]
    [InlineData("{\"$resp\":\"x\"}", "{\"$resp\":\"{\\\"$resp\\\":\\\"x\\\"}\"}")]
    public void A_message_is_its_own_data_when_it_is_one_line_of_JSON_and_wrapped_otherwise(string message, string data)
    {
        Assert.True(EventPayloads.TryEncode(Encoding.UTF8.GetBytes(message), out var actual));
        Assert.Equal(data, actual);
        Assert.Equal(message, Encoding.UTF8.GetString(EventPayloads.Decode(actual)));
    }

    [Fact]
    public void Bytes_that_are_not_text_travel_as_base64_and_come_back_whole()
    {
        byte[] message = [0xff, 0x00, 0x80, (byte)'a'];
        Assert.True(EventPayloads.TryEncode(message, out var data));
        Assert.Equal("{\"$resp64\":\"/wCAYQ==\"}", data);
        Assert.Equal(message, EventPayloads.Decode(data));
    }

    [Fact]
    public void Every_message_round_trips()
    {
        var random = new Random(3);
        for (var i = 0; i < 3000; i++)
        {
            var message = new byte[random.Next(0, 60)];
            random.NextBytes(message);
            if (random.Next(2) == 0)
            {
                message = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(message));
            }

            Assert.True(EventPayloads.TryEncode(message, out var data));
            Assert.Equal(message, EventPayloads.Decode(data));
        }
    }

    [Fact]
    public void A_message_too_large_for_an_event_is_refused() =>
        Assert.False(EventPayloads.TryEncode(new byte[70 * 1024], out _));
}
