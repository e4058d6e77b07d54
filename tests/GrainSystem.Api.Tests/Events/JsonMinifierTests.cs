using System.Text;
using GrainSystem.Api.Events;

namespace GrainSystem.Api.Tests.Events;

public sealed class JsonMinifierTests
{
    [Theory]
    [InlineData("{ \"a\" : 1 ,\r\n \"b\" :\t[ 1, 2 ] }", "{\"a\":1,\"b\":[1,2]}")]
    [InlineData("\"keeps  spaces, \\\" quotes \\\\ and \\u00e9 inside strings\"", "\"keeps  spaces, \\\" quotes \\\\ and \\u00e9 inside strings\"")]
    [InlineData("{\"k\\\\\": \" \\\\\" , \"n\" : null}", "{\"k\\\\\":\" \\\\\",\"n\":null}")]
    [InlineData(" {\"name\": \"Zoë 😀\"} ", "{\"name\":\"Zoë 😀\"}")]
    [InlineData("  42  ", "42")]
    public void Whitespace_between_tokens_goes_and_every_token_stays_as_sent(string json, string expected) =>
        Assert.Equal(expected, JsonMinifier.Minify(Encoding.UTF8.GetBytes(json)));
}
