using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using FieldService.Intake;
using FieldService.WebHost.Security;
using FieldService.WorkOrders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace FieldService.WebHost.Apis;

/// <summary>CS1: chat platforms post the customers' messages here, signed per integration; each message makes or joins
/// an order once, however often it is posted.</summary>
public static class ChatIntakeApi
{
    /// <summary>Largest request body read (the text is at most <see cref="InboundMessage.MaxText"/> characters).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static RouteGroupBuilder MapChatIntakeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("api/intake").WithTags("Intake");
        api.MapPost("chat", ReceiveAsync).WithName("ChatIntake")
            .WithSummary("CS1: a customer's chat message, signed by its integration (HMAC-SHA256); the same message id again answers as the first time")
            .Accepts<ChatMessageRequest>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Results<Ok<ChatIntakeResponse>, ProblemHttpResult>> ReceiveAsync(
        HttpContext http, IGrainFactory grains, IOptions<ChatIntakeOptions> options, TimeProvider time, ILoggerFactory logs)
    {
        var body = http.Request.ContentLength is > MaxBodyBytes ? null : await AttachmentsApi.ReadBodyAsync(http.Request, MaxBodyBytes);
        if (body is null)
        {
            return Problems.From(new Failure(FailureKind.TooLarge, $"A chat message request is limited to {MaxBodyBytes} bytes."));
        }

        // Everything about the signature is one answer, so a caller learns nothing of which integrations exist.
        var headers = http.Request.Headers;
        var integration = headers[ChatSignature.IntegrationHeader].ToString();
        var timestamp = headers[ChatSignature.TimestampHeader].ToString();
        if (!options.Value.Integrations.TryGetValue(integration, out var settings)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs((time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799))).Ticks) > options.Value.MaxClockSkew.Ticks
            || !ChatSignature.Verify(settings.Secret, timestamp, body, headers[ChatSignature.SignatureHeader].ToString()))
        {
            logs.CreateLogger(typeof(ChatIntakeApi)).LogWarning("A chat intake request was refused: no valid signature for integration {Integration}",
                Validation.IsIdentifier(integration) ? integration : "(unnamed)");
            return TypedResults.Problem(
                $"The request needs the headers {ChatSignature.IntegrationHeader}, {ChatSignature.TimestampHeader} (Unix seconds, within {options.Value.MaxClockSkew}) and {ChatSignature.SignatureHeader} signed with the integration's secret.",
                statusCode: StatusCodes.Status401Unauthorized, title: "Not signed by a known chat integration");
        }

        ChatMessageRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<ChatMessageRequest>(body, FieldServiceJson.Options);
        }
        catch (JsonException error)
        {
            return Problems.BadRequest($"The body is not a chat message: {error.Message}");
        }

        if (request is null)
        {
            return Problems.MissingBody();
        }

        var v = new Validation()
            .Required("messageId", request.MessageId, 255)
            .Required("text", request.Text, InboundMessage.MaxText)
            .Optional("sender.name", request.Sender?.Name, Validation.MaxName)
            .Optional("sender.email", request.Sender?.Email, 254)
            .Optional("sender.phone", request.Sender?.Phone, 50)
            .Optional("productSerial", request.ProductSerial, Validation.MaxName);
        if (string.IsNullOrWhiteSpace(request.Sender?.Email) && string.IsNullOrWhiteSpace(request.Sender?.Phone))
        {
            v.Add("sender.email", "an email address or a phone number is required to find and answer the customer");
        }

        if (v.ToFailure() is { } invalid)
        {
            return Problems.From(invalid);
        }

        var message = new InboundMessage(
            Channel.Chat, integration, request.MessageId!.Trim(), request.Sender!.Name, request.Sender.Email, request.Sender.Phone, null,
            request.Text!, time.GetUtcNow(), [], string.IsNullOrWhiteSpace(request.ProductSerial) ? null : request.ProductSerial.Trim());
        var received = await grains.GetGrain<IInboundMessageGrain>(IInboundMessageGrain.KeyOf(message.Channel, message.Source, message.MessageId))
            .ReceiveAsync(message);
        return received.Failure is { } failure
            ? Problems.From(failure)
            : TypedResults.Ok(new ChatIntakeResponse(received.Value!.WorkOrderId, Kebab.Of(received.Value.Kind), received.Value.Replayed));
    }
}

/// <summary>A chat platform's message (docs/intake.md).</summary>
/// <param name="MessageId">The platform's id of the message: the same id is taken in once.</param>
/// <param name="ProductSerial">The product's serial number, when the chat form asks for it.</param>
public sealed record ChatMessageRequest(
    [property: Required, MaxLength(255)] string? MessageId,
    ChatSender? Sender,
    [property: Required, MaxLength(InboundMessage.MaxText)] string? Text,
    [property: MaxLength(Validation.MaxName)] string? ProductSerial = null);

/// <summary>Who wrote: an email address or a phone number finds their earlier orders.</summary>
public sealed record ChatSender(
    [property: MaxLength(Validation.MaxName)] string? Name,
    [property: MaxLength(254)] string? Email,
    [property: MaxLength(50)] string? Phone);

/// <summary>What the message became.</summary>
/// <param name="Outcome"><c>new-order</c>, <c>follow-up</c> (joined the customer's open order) or <c>unreadable</c>.</param>
/// <param name="Replayed">The message id had been received before: nothing new was made.</param>
public sealed record ChatIntakeResponse(string WorkOrderId, string Outcome, bool Replayed);
