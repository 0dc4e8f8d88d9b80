using System.Net;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 13.4 in the browser: a page shows the buttons the server lists in allowedActions, and they change
/// when the order does.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ActionButtonTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AppFactory App => browser.App;

    [Fact]
    public async Task Actions_the_technician_page_offers_what_the_server_allows_on_each_order()
    {
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync("/api/technicians/t-pw-a", Intakes.Technician("pw-actions"), HttpStatusCode.Created);
        var agent = await App.Personas.AgentAsync();
        var id = await agent.ReportAsync(Intakes.Body("pw-actions", agreedArrival: false));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-pw-a" });
        var phone = await browser.NewPageAsync();
        await phone.GotoAsync("/technician.html");
        await phone.FillAsync("#technician", "t-pw-a");
        await phone.ClickAsync("#join button");

        var offer = phone.Locator($"[data-order='{id}'][data-status='dispatched']");
        // Retrying assertions: a card is drawn again whenever a push gives it a new version, and its buttons come back
        // once that version has been read, so the buttons are compared until they settle (or the timeout says what was awaited).
        await Expect(offer.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Accept", "Decline"]);

        var technician = await App.Personas.TechnicianAsync("t-pw-a");
        await technician.PostAsync($"/api/work-orders/{id}/accept", null);

        var accepted = phone.Locator($"[data-order='{id}'][data-status='accepted']");
        await Expect(accepted.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Set off"]);

        // A repair waiting for parts may be resumed: the lifecycle allows start-repair there, so the page offers it.
        foreach (var (command, body) in new (string, object?)[] { ("en-route", new { }), ("arrive", null), ("diagnosis", new { cause = "worn relay", complex = false }),
                     ("start-repair", null), ("await-parts", new { parts = new[] { new { sku = "RELAY-1", quantity = 1 } } }) })
        {
            await technician.PostAsync($"/api/work-orders/{id}/{command}", body);
        }

        var waiting = phone.Locator($"[data-order='{id}'][data-status='awaiting-parts']");
        await Expect(waiting.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Start repair"]);
    }
}
