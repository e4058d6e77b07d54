namespace GrainSystem.Api.Tests.Http;

/// <summary>
/// The malformed requests of the hostile-input matrix, route by route. Each targets the state the fixture set up
/// (cache key <c>hostile</c>, lock <c>hostile</c>, a completed job, topic <c>hostile.t</c>) wherever its route names one,
/// so that "nothing changed" is checked where a change would show.
/// </summary>
internal static class HostileRequests
{
    private const string Key = "/cache/hostile";
    private const string Lock = "/locks/hostile";

    private static readonly string LongKey = new('k', 513);
    private static readonly string LongName = new('n', 257);
    private static readonly string Hex31 = new('a', 31);
    private static readonly string TooLongIdempotencyKey = new('i', 256);

    private static (string, string)[] Header(string name, string value) => [(name, value)];

    public static IEnumerable<HostileRequest> Cache =>
    [
        new("PUT ttl=0", "ttl", "PUT", $"{Key}?ttl=0", "1", "text/plain"),
        new("PUT ttl negative", "ttl", "PUT", $"{Key}?ttl=-5", "1", "text/plain"),
        new("PUT ttl not a number", "ttl", "PUT", $"{Key}?ttl=abc", "1", "text/plain"),
        new("PUT ttl NaN", "ttl", "PUT", $"{Key}?ttl=NaN", "1", "text/plain"),
        new("PUT ttl Infinity", "ttl", "PUT", $"{Key}?ttl=Infinity", "1", "text/plain"),
        new("PUT ttl over 30 days", "ttl", "PUT", $"{Key}?ttl=2592001", "1", "text/plain"),
        new("PUT ttl twice", "ttl", "PUT", $"{Key}?ttl=1&ttl=2", "1", "text/plain"),
        new("PUT sliding=0", "sliding", "PUT", $"{Key}?sliding=0", "1", "text/plain"),
        new("PUT sliding negative", "sliding", "PUT", $"{Key}?sliding=-1", "1", "text/plain"),
        new("PUT sliding 1e309", "sliding", "PUT", $"{Key}?sliding=1e309", "1", "text/plain"),
        new("PUT sliding below 1 ms", "sliding", "PUT", $"{Key}?sliding=0.0005", "1", "text/plain"),
        new("PUT If-Match not a tag", "If-Match", "PUT", Key, "1", "text/plain", Header("If-Match", "abc")),
        new("PUT If-Match unquoted", "If-Match", "PUT", Key, "1", "text/plain", Header("If-Match", "5")),
        new("PUT If-Match two tags", "If-Match", "PUT", Key, "1", "text/plain", Header("If-Match", "\"1\", \"2\"")),
        new("PUT If-Match negative", "If-Match", "PUT", Key, "1", "text/plain", Header("If-Match", "\"-1\"")),
        new("PUT If-None-Match a tag", "If-None-Match", "PUT", Key, "1", "text/plain", Header("If-None-Match", "\"3\"")),
        new("PUT If-Match with If-None-Match", "If-None-Match", "PUT", Key, "1", "text/plain",
            [("If-Match", "\"1\""), ("If-None-Match", "*")]),
        new("PUT Content-Type over 256 characters", "Content-Type", "PUT", Key, "1", "text/" + new string('x', 260)),
        new("PUT value over Cache:MaxValueBytes", "value", "PUT", Key, new string('v', HostileApiFactory.MaxValueBytes + 1), "text/plain",
            Status: 413),
        new("PUT key over 512 bytes", "key", "PUT", $"/cache/{LongKey}", "1", "text/plain"),
        new("GET fill=0", "fill", "GET", $"{Key}?fill=0"),
        new("GET fill negative", "fill", "GET", $"{Key}?fill=-1"),
        new("GET fill not a number", "fill", "GET", $"{Key}?fill=x"),
        new("GET fill over 30 days", "fill", "GET", $"{Key}?fill=2592001"),
        new("GET fill below 1 ms", "fill", "GET", $"{Key}?fill=0.0005"),
        new("GET key over 512 bytes", "key", "GET", $"/cache/{LongKey}"),
        new("HEAD fill not a number", "fill", "HEAD", $"{Key}?fill=abc"),
        new("DELETE If-Match not a tag", "If-Match", "DELETE", Key, Headers: Header("If-Match", "x")),
        new("DELETE If-Match empty weak tag", "If-Match", "DELETE", Key, Headers: Header("If-Match", "W/\"\"")),
        new("DELETE key over 512 bytes", "key", "DELETE", $"/cache/{LongKey}"),
        new("increment by not a number", "by", "POST", $"{Key}/increment?by=abc"),
        new("increment by a fraction", "by", "POST", $"{Key}/increment?by=1.5"),
        new("increment by over 64 bits", "by", "POST", $"{Key}/increment?by=9223372036854775808"),
        new("increment by twice", "by", "POST", $"{Key}/increment?by=1&by=2"),
        new("increment by empty", "by", "POST", $"{Key}/increment?by="),
        new("increment key over 512 bytes", "key", "POST", $"/cache/{LongKey}/increment"),
    ];

    /// <summary>A time to live under the documented 1 ms minimum: the edge lets it through and the entry is stored (200).</summary>
    public static IEnumerable<HostileRequest> CacheTtlBelowMinimum =>
    [
        new("PUT ttl below 1 ms", "ttl", "PUT", $"{Key}?ttl=0.0005", "1", "text/plain"),
    ];

    public static IEnumerable<HostileRequest> Locks =>
    [
        new("acquire without owner and lease", "owner", "POST", $"{Lock}/acquire", "{}"),
        new("acquire owner empty", "owner", "POST", $"{Lock}/acquire", """{"owner":"","leaseSeconds":10}"""),
        new("acquire owner over 256 characters", "owner", "POST", $"{Lock}/acquire", $$"""{"owner":"{{LongName}}","leaseSeconds":10}"""),
        new("acquire lease 0", "leaseSeconds", "POST", $"{Lock}/acquire", """{"owner":"o","leaseSeconds":0}"""),
        new("acquire lease over 1 hour", "leaseSeconds", "POST", $"{Lock}/acquire", """{"owner":"o","leaseSeconds":3601}"""),
        new("acquire lease missing", "leaseSeconds", "POST", $"{Lock}/acquire", """{"owner":"o"}"""),
        new("acquire wait negative", "waitSeconds", "POST", $"{Lock}/acquire", """{"owner":"o","leaseSeconds":10,"waitSeconds":-1}"""),
        new("acquire wait over 5 minutes", "waitSeconds", "POST", $"{Lock}/acquire", """{"owner":"o","leaseSeconds":10,"waitSeconds":301}"""),
        new("acquire name over 256 characters", "name", "POST", $"/locks/{LongName}/acquire", """{"owner":"o","leaseSeconds":10}"""),
        new("renew without token", "token", "POST", $"{Lock}/renew", """{"leaseSeconds":10}"""),
        new("renew token not hex", "token", "POST", $"{Lock}/renew", """{"token":"xyz","leaseSeconds":10}"""),
        new("renew token upper-case", "token", "POST", $"{Lock}/renew", $$"""{"token":"{{new string('A', 32)}}","leaseSeconds":10}"""),
        new("renew lease negative", "leaseSeconds", "POST", $"{Lock}/renew", """{"token":"{token}","leaseSeconds":-1}"""),
        new("renew lease missing", "leaseSeconds", "POST", $"{Lock}/renew", """{"token":"{token}"}"""),
        new("release token of 31 digits", "token", "POST", $"{Lock}/release", $$"""{"token":"{{Hex31}}"}"""),
        new("release without token", "token", "POST", $"{Lock}/release", "{}"),
        new("inspect name over 256 characters", "name", "GET", $"/locks/{LongName}"),
        new("acquire body not JSON", "body", "POST", $"{Lock}/acquire", "{"),
    ];

    /// <summary>JSON bodies with a field of the wrong type.</summary>
    public static IEnumerable<HostileRequest> MalformedBodies =>
    [
        new("acquire lease a string", "leaseSeconds", "POST", $"{Lock}/acquire", """{"owner":"o","leaseSeconds":"ten"}"""),
        new("release token a number", "token", "POST", $"{Lock}/release", """{"token":5}"""),
        new("submit chunkSize a string", "chunkSize", "POST", "/jobs", """{"operation":"square","items":[1],"chunkSize":"ten"}"""),
    ];

    public static IEnumerable<HostileRequest> Jobs =>
    [
        new("submit without operation", "operation", "POST", "/jobs", """{"items":[1]}"""),
        new("submit unknown operation", "operation", "POST", "/jobs", """{"operation":"nope","items":[1]}"""),
        new("submit items not an array", "items", "POST", "/jobs", """{"operation":"square","items":"x"}"""),
        new("submit without items", "items", "POST", "/jobs", """{"operation":"square"}"""),
        new("submit chunkSize 0", "chunkSize", "POST", "/jobs", """{"operation":"square","items":[1],"chunkSize":0}"""),
        new("submit chunkSize over 100000", "chunkSize", "POST", "/jobs", """{"operation":"square","items":[1],"chunkSize":100001}"""),
        new("submit maxParallelism 0", "maxParallelism", "POST", "/jobs", """{"operation":"square","items":[1],"maxParallelism":0}"""),
        new("submit maxParallelism over 1024", "maxParallelism", "POST", "/jobs", """{"operation":"square","items":[1],"maxParallelism":1025}"""),
        new("submit maxAttempts 0", "maxAttempts", "POST", "/jobs", """{"operation":"square","items":[1],"maxAttempts":0}"""),
        new("submit maxAttempts over 20", "maxAttempts", "POST", "/jobs", """{"operation":"square","items":[1],"maxAttempts":21}"""),
        new("submit args an array", "args", "POST", "/jobs", """{"operation":"square","items":[1],"args":[]}"""),
        new("submit args a string", "args", "POST", "/jobs", """{"operation":"square","items":[1],"args":"s"}"""),
        new("status of an id that is not one", "id", "GET", "/jobs/not-a-job", Status: 404),
        new("results of an upper-case id", "id", "GET", "/jobs/{JOB}/results", Status: 404),
        new("cancel an id that is not one", "id", "DELETE", "/jobs/zz", Status: 404),
    ];

    public static IEnumerable<HostileRequest> Events =>
    [
        new("publish topic with an empty word", "topic", "POST", "/events/a..b", """{"n":1}"""),
        new("publish topic starting with a dot", "topic", "POST", "/events/.a", """{"n":1}"""),
        new("publish topic of 17 words", "topic", "POST", "/events/" + string.Join('.', Enumerable.Repeat("w", 17)), """{"n":1}"""),
        new("publish reserved topic gap", "topic", "POST", "/events/gap", """{"n":1}"""),
        new("publish topic with a wildcard", "topic", "POST", "/events/a.*", """{"n":1}"""),
        new("publish data not JSON", "data", "POST", "/events/hostile.t", "{oops"),
        new("publish empty data", "data", "POST", "/events/hostile.t", ""),
        new("publish two JSON values", "data", "POST", "/events/hostile.t", "1 2"),
        new("publish data over 64 KiB", "data", "POST", "/events/hostile.t", $$"""{"s":"{{new string('x', 70_000)}}"}""", Status: 413),
        new("stream without pattern", "pattern", "GET", "/events/stream"),
        new("stream pattern with an empty word", "pattern", "GET", "/events/stream?pattern=a..b"),
        new("stream pattern with a mixed word", "pattern", "GET", "/events/stream?pattern=a*"),
        new("stream 33 patterns", "pattern", "GET", "/events/stream?" + string.Join('&', Enumerable.Range(0, 33).Select(i => $"pattern=p{i}"))),
        new("stream Last-Event-ID not a cursor", "Last-Event-ID", "GET", "/events/stream?pattern=hostile.t", Headers: Header("Last-Event-ID", "garbage")),
        new("stream Last-Event-ID over 4 KB", "Last-Event-ID", "GET", "/events/stream?pattern=hostile.t",
            Headers: Header("Last-Event-ID", "1;" + string.Join(';', Enumerable.Range(0, 400).Select(i => $"topic{i}=1")))),
        new("stream lastEventId query not a cursor", "Last-Event-ID", "GET", "/events/stream?pattern=hostile.t&lastEventId=garbage"),
    ];

    /// <summary>The Idempotency-Key header (1–255 visible ASCII characters) on the four non-idempotent routes.</summary>
    public static IEnumerable<HostileRequest> IdempotencyKeys =>
    [
        new("increment Idempotency-Key over 255 characters", "Idempotency-Key", "POST", $"{Key}/increment", Headers: Header("Idempotency-Key", TooLongIdempotencyKey)),
        new("increment Idempotency-Key with a space", "Idempotency-Key", "POST", $"{Key}/increment", Headers: Header("Idempotency-Key", "a b")),
        new("publish Idempotency-Key over 255 characters", "Idempotency-Key", "POST", "/events/hostile.t", """{"n":1}""",
            Headers: Header("Idempotency-Key", TooLongIdempotencyKey)),
        new("submit Idempotency-Key over 255 characters", "Idempotency-Key", "POST", "/jobs", """{"operation":"square","items":[1]}""",
            Headers: Header("Idempotency-Key", TooLongIdempotencyKey)),
        new("acquire Idempotency-Key over 255 characters", "Idempotency-Key", "POST", $"{Lock}/acquire", """{"owner":"o","leaseSeconds":10}""",
            Headers: Header("Idempotency-Key", TooLongIdempotencyKey)),
    ];
}
