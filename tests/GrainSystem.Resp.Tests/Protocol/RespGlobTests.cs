using System.Text;
using GrainSystem.Api.Resp;
using GrainSystem.Testing;

namespace GrainSystem.Resp.Tests.Protocol;

public sealed class RespGlobTests
{
    private static readonly string[] Patterns =
    [
        "*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "h[b-a]llo", "h\\*llo", "h\\", "a[", "a[b", "a[\\]]",
        "*a*b*", "**x", "[]a]", "[^]]", "user.*", "user.?reated", "*.created", "a\\[b", "[a-", "[\\-]", "h[a-c-e]llo",
        "*[*", "?*?", "***", "a*a*a*a*a*b", "[abc", "\\", "x[^a-z]y", "[A-Z]*", "h[^",
    ];

    private static readonly string[] Texts =
    [
        "hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "h\\", "a[", "a[b", "ab", "a]", "]", "a", "x", "xx",
        "user.created", "user.updated", "user", "user.a.b", "order.created", "aXbYb", "a[b]", "-", "hdllo", "aaaaaaaaaaaaaaaaaaaab",
        "aaaaaaaaaaaaaaaaaaaa", "*", "?", "x1y", "xay", "Hello", "[", "h^llo",
    ];

    [Theory]
    [InlineData("user.*", "user.created", true)]
    [InlineData("user.*", "user", false)]
    [InlineData("h[a-c-e]llo", "h-llo", true)]
    [InlineData("a[", "a[", false)]
    [InlineData("*", "", false)]
    public void Matches_as_redis(string pattern, string text, bool expected) =>
        Assert.Equal(expected, RespGlob.IsMatch(Encoding.ASCII.GetBytes(pattern), Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void A_pathological_pattern_is_cheap()
    {
        var pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a*", 50)) + "b");
        var text = Encoding.ASCII.GetBytes(new string('a', 5000));
        Assert.False(RespGlob.IsMatch(pattern, text));
    }

    [Theory]
    [InlineData("user.*", "user.", false)]
    [InlineData("h\\*llo", "h*llo", true)]
    [InlineData("a\\[b", "a[b", true)]
    [InlineData("news.[ab]*", "news.", false)]
    [InlineData("x\\", "x\\", true)]
    public void The_literal_prefix_stops_at_the_first_wildcard(string pattern, string prefix, bool whole)
    {
        Assert.Equal(prefix, Encoding.ASCII.GetString(RespGlob.LiteralPrefix(Encoding.ASCII.GetBytes(pattern), out var isWhole)));
        Assert.Equal(whole, isWhole);
    }

    [Fact]
    public async Task Every_pattern_matches_exactly_the_keys_redis_KEYS_matches()
    {
        await using var redis = await RedisServer.StartAsync();
        foreach (var text in Texts)
        {
            await redis.Database.StringSetAsync(text, "1");
        }

        foreach (var pattern in Patterns)
        {
            var keys = ((StackExchange.Redis.RedisResult[])(await redis.Database.ExecuteAsync("KEYS", pattern))!)
                .Select(r => (string)r!).Order(StringComparer.Ordinal).ToList();
            var matched = Texts.Where(t => RespGlob.IsMatch(Encoding.ASCII.GetBytes(pattern), Encoding.ASCII.GetBytes(t)))
                .Order(StringComparer.Ordinal).ToList();
            Assert.True(keys.SequenceEqual(matched), $"pattern '{pattern}': redis {string.Join(' ', keys)} / here {string.Join(' ', matched)}");
        }
    }

    [Fact]
    public void Case_insensitive_matching_folds_ranges_too() =>
        Assert.True(RespGlob.IsMatch("[A-C]*"u8, "bar"u8, ignoreCase: true));
}
