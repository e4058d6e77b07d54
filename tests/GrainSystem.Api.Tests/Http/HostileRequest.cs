using System.Text;

namespace GrainSystem.Api.Tests.Http;

/// <summary>
/// One kind of malformed request: what it sends, the field its 4xx problem must name, and the status it must get.
/// <c>{token}</c> in a body stands for the owner token of the lock the fixture holds, <c>{job}</c> in a path for its job
/// (<c>{JOB}</c> for its id in upper case).
/// </summary>
public sealed record HostileRequest(string Kind, string Field, string Method, string Path, string? Body = null,
    string ContentType = "application/json", IReadOnlyList<(string Name, string Value)>? Headers = null, int Status = 400)
{
    public HttpRequestMessage ToMessage(string token, string job)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Path.Replace("{job}", job, StringComparison.Ordinal)
            .Replace("{JOB}", job.ToUpperInvariant(), StringComparison.Ordinal));
        if (Body is not null)
        {
            message.Content = new StringContent(Body.Replace("{token}", token, StringComparison.Ordinal), Encoding.UTF8);
            message.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType);
        }

        foreach (var (name, value) in Headers ?? [])
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content!.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    public override string ToString() => Kind;
}
