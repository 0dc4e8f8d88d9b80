using System.Net;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.5 in the browser: the technician takes a photo with the phone's camera input on the order's card,
/// the page sends it downscaled as a JPEG, and its thumbnail appears; a file that is not an image is refused next to
/// the input.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PhotoTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AppFactory App => browser.App;

    [Fact]
    public async Task P14_5_a_photo_taken_on_the_card_is_kept_with_the_order_and_shown_as_a_thumbnail()
    {
        var (id, technician) = await Photos.OnSiteOrderAsync(App.Personas, await App.Personas.AgentAsync(), "t-pw-photo", "pw-photos", agreedArrival: false);
        var phone = await browser.NewPageAsync(viewport: new ViewportSize { Width = 375, Height = 812 });
        await phone.GotoAsync("/technician.html");
        await phone.FillAsync("#technician", "t-pw-photo");
        await phone.ClickAsync("#join button");
        // In the card's "Photos" fold, so the camera inputs never crowd the order's own steps.
        await phone.Locator($"[data-order='{id}'] details.photos summary").ClickAsync();
        var panel = phone.Locator($"[data-order='{id}'] details.photos [data-order-photos='{id}']");
        await Expect(panel.GetByText("No photos yet.")).ToBeVisibleAsync();

        await panel.GetByLabel("Take a photo of the fault").SetInputFilesAsync(new FilePayload { Name = "fault.png", MimeType = "image/png", Buffer = Photos.Png });

        var thumbnail = panel.GetByRole(AriaRole.Img, new() { Name = "Fault photo 1" });
        await Expect(thumbnail).ToBeVisibleAsync();
        await Expect(thumbnail).ToHaveJSPropertyAsync("naturalWidth", 1); // the bytes came back and were drawn
        await Expect(panel.Locator("form[data-kind='fault'] [role=status]")).ToHaveTextAsync("Photo saved.");
        await Expect(panel.Locator("form[data-kind='fault'] progress")).ToBeHiddenAsync();
        var kept = (JsonArray)(await technician.GetAsync($"/api/work-orders/{id}/attachments"))["items"]!;
        Assert.Equal([("fault", "image/jpeg")], kept.Select(a => ((string?)a!["kind"], (string?)a["contentType"]))); // re-encoded by the page

        // Not an image, though it says so: the server's 422 is shown next to the repair photo's input, and nothing is kept.
        var repair = panel.Locator("form[data-kind='repair']");
        await repair.GetByLabel("Take a photo of the finished repair").SetInputFilesAsync(
            new FilePayload { Name = "repair.png", MimeType = "image/png", Buffer = "not a picture"u8.ToArray() });
        await Expect(repair.Locator(".field-error")).ToContainTextAsync("is not an image");
        await Expect(repair.GetByLabel("Take a photo of the finished repair")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Single((JsonArray)(await technician.GetAsync($"/api/work-orders/{id}/attachments"))["items"]!);

        await phone.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "technician-photos.png"), FullPage = true });
        await Accessibility.AssertNoSeriousViolationsAsync(phone, "the technician page with a photo on a card");
    }

    [Fact]
    public async Task P14_5_over_real_http_a_photo_above_the_json_limit_is_taken_and_one_above_its_own_limit_is_413()
    {
        // Kestrel, not the test server: its request-size feature is what the upload endpoint raises above 1 MiB.
        var (id, technician) = await Photos.OnSiteOrderAsync(App.Personas, await App.Personas.AgentAsync(), "t-pw-photo-big", "pw-photos-big", agreedArrival: false);

        var taken = await Photos.UploadAsync(technician, id, Photos.Jpeg(2 * 1024 * 1024), HttpStatusCode.Created, contentType: "image/jpeg");
        await Photos.UploadAsync(technician, id, Photos.Jpeg(5 * 1024 * 1024 + 1), HttpStatusCode.RequestEntityTooLarge, contentType: "image/jpeg", expectContinue: true);

        Assert.Equal(2L * 1024 * 1024, (long)taken["sizeBytes"]!);
        Assert.Single((JsonArray)(await technician.GetAsync($"/api/work-orders/{id}/attachments"))["items"]!);
    }
}
