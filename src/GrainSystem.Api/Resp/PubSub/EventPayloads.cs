using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using GrainSystem.Abstractions.Events;

namespace GrainSystem.Api.Resp.PubSub;

/// <summary>
/// How a PUBLISH message (any bytes) travels as event data (one JSON value). A message that is JSON on one line is
/// the event's data as it is, so HTTP subscribers receive it as published. Any other message is wrapped:
/// <c>{"$resp":"text"}</c> for UTF-8 text, <c>{"$resp64":"base64"}</c> for other bytes (and a JSON message that is
/// itself such a wrapper is wrapped once more). RESP subscribers receive the unwrapped bytes, so a message
/// published over RESP reaches them byte for byte.
/// </summary>
internal static class EventPayloads
{
    private const string TextProperty = "$resp";
    private const string BytesProperty = "$resp64";

    /// <summary>The event data carrying <paramref name="message"/>; false when it would exceed the bus's data limit.</summary>
    public static bool TryEncode(ReadOnlySpan<byte> message, out string data)
    {
        var isText = Utf8.IsValid(message);
        if (isText && message.IndexOfAny((byte)'\r', (byte)'\n') < 0 && IsJson(message) && !IsWrapper(message, out _))
        {
            data = Encoding.UTF8.GetString(message);
        }
        else
        {
            var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                json.WriteStartObject();
                if (isText)
                {
                    json.WriteString(TextProperty, message);
                }
                else
                {
                    json.WriteBase64String(BytesProperty, message);
                }

                json.WriteEndObject();
            }

            data = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        return Encoding.UTF8.GetByteCount(data) <= EventTopic.MaxDataBytes;
    }

    /// <summary>The message an event's data carries.</summary>
    public static byte[] Decode(string data)
    {
        var bytes = Encoding.UTF8.GetBytes(data);
        return IsWrapper(bytes, out var message) ? message! : bytes;
    }

    private static bool IsJson(ReadOnlySpan<byte> text)
    {
        try
        {
            var reader = new Utf8JsonReader(text);
            while (reader.Read())
            {
            }

            return reader.BytesConsumed > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Whether <paramref name="json"/> is exactly a wrapper object; <paramref name="message"/> is what it carries.</summary>
    private static bool IsWrapper(ReadOnlySpan<byte> json, out byte[]? message)
    {
        message = null;
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.Read()
                || reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            var isText = reader.ValueTextEquals(TextProperty);
            if (!isText && !reader.ValueTextEquals(BytesProperty))
            {
                return false;
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.String)
            {
                return false;
            }

            var value = isText ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.GetBytesFromBase64();
            if (!reader.Read() || reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }

            message = value;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            return false;
        }
    }
}
