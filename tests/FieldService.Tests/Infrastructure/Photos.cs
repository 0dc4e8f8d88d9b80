using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace FieldService.Tests.Infrastructure;

/// <summary>Images and uploads for the attachment tests (issue 14.5).</summary>
public static class Photos
{
    /// <summary>A valid 1×1 PNG (a browser can draw it).</summary>
    public static byte[] Png { get; } = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    /// <summary>Bytes that start like a JPEG (the server judges the signature only), padded to <paramref name="size"/>.</summary>
    public static byte[] Jpeg(int size = 64)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        bytes[2] = 0xFF;
        return bytes;
    }

    /// <summary>P1–P4: an order reported by <paramref name="reporter"/>, dispatched to <paramref name="technicianId"/> (registered
    /// here), accepted and arrived at, so photos may be taken. Returns its id and the technician's client.</summary>
    /// <param name="agreedArrival">False on the wall clock (the browser tests), where the fixed arrival window lies in the past.</param>
    public static async Task<(string Id, ApiClient Technician)> OnSiteOrderAsync(
        Personas personas, ApiClient reporter, string technicianId, string region = "north", bool agreedArrival = true)
    {
        var staff = await personas.OperatorAsync();
        await staff.PutAsync($"/api/technicians/{technicianId}", Intakes.Technician(region), HttpStatusCode.Created);
        var id = await reporter.ReportAsync(Intakes.Body(region, agreedArrival));
        await staff.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await staff.PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId });
        var technician = await personas.TechnicianAsync(technicianId);
        foreach (var (command, body) in new (string, object?)[] { ("accept", null), ("en-route", new { }), ("arrive", null) })
        {
            await technician.PostAsync($"/api/work-orders/{id}/{command}", body);
        }

        return (id, technician);
    }

    /// <summary>POSTs the raw image and asserts the status; returns the JSON answer (an attachment or a problem).</summary>
    public static async Task<JsonObject> UploadAsync(
        ApiClient client, string id, byte[] content, HttpStatusCode expected, string kind = "fault", string contentType = "image/png",
        string? idempotencyKey = null, string? caption = null, bool expectContinue = false)
    {
        var path = $"/api/work-orders/{id}/attachments?kind={kind}" + (caption is null ? "" : "&caption=" + Uri.EscapeDataString(caption));
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(content) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        // Over a real socket, a body the server refuses unread would still be in flight when it closes the connection:
        // with 100-continue the client waits for the server's word before sending it.
        request.Headers.ExpectContinue = expectContinue;

        using var response = await client.SendRawAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"POST {path}: expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>GETs an attachment's bytes as <paramref name="client"/>, asserting the status.</summary>
    public static async Task<HttpResponseMessage> DownloadAsync(ApiClient client, string id, string attachmentId, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/work-orders/{id}/attachments/{attachmentId}");
        var response = await client.SendRawAsync(request);
        Assert.True(expected == response.StatusCode, $"GET attachment {attachmentId}: expected {(int)expected}, got {(int)response.StatusCode}");
        return response;
    }
}
