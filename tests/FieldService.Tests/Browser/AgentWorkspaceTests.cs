using System.Net;
using System.Text.RegularExpressions;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.4 and 14.8 in the browser: customer service's main task through its workspace, from the phone
/// call to the callback with a complaint. What other roles do in between goes over REST as those roles.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class AgentWorkspaceTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Region = "pw-agent";

    /// <summary>Where the browser host files chat and mail from senders with no earlier order.</summary>
    public const string IntakeRegion = "pw-intake";

    private AppFactory App => browser.App;

    private static async Task ShotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, name + ".png"), FullPage = true });

    [GeneratedRegex("report recorded: (?<id>\\S+)")]
    private static partial Regex Recorded();

    [Fact]
    public async Task Issue16_4_the_triage_queue_says_each_intake_s_channel_and_opens_its_chat_thread()
    {
        var first = await ChatPosts.PostAsync(App, ChatPosts.Message("pw-chat-1", "My fridge is warm inside", name: "Eve Sun", email: "eve@example.com"));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var id = (string)System.Text.Json.Nodes.JsonNode.Parse(await first.Content.ReadAsStringAsync())!["workOrderId"]!;
        var page = await browser.NewPageAsync();
        await page.GotoAsync($"/agent.html?region={IntakeRegion}");
        var queued = page.Locator($"#triage [data-order='{id}']");
        await Expect(queued.Locator(".channel")).ToHaveTextAsync("by chat");
        await Expect(queued.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Messages (1)" })).ToBeVisibleAsync();

        // The customer writes again: pushed into the card, which now counts two messages.
        var again = await ChatPosts.PostAsync(App, ChatPosts.Message("pw-chat-2", "It is beeping too", name: "Eve Sun", email: "eve@example.com"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await queued.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Messages (2)" }).ClickAsync();

        await Expect(queued.Locator(".thread .message-text")).ToHaveTextAsync(["My fridge is warm inside", "It is beeping too"]);
        await Expect(queued.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Hide messages (2)" })).ToHaveAttributeAsync("aria-expanded", "true");
        await ShotAsync(page, "agent-chat-thread");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the agent workspace with a chat thread open");
    }

    [Fact]
    public async Task P14_4_an_agent_takes_a_phone_report_triages_it_and_calls_back_with_a_complaint()
    {
        // The caller reported once before (resolved remotely, so it is not in today's queues).
        var agent = await App.Personas.AgentAsync();
        var earlier = await agent.ReportAsync(Intakes.Body(Region, agreedArrival: false));
        await agent.PostAsync($"/api/work-orders/{earlier}/triage", new { onSite = false });
        var manager = await App.Personas.AsAsync("manager-1", Roles.Manager);
        await manager.PutAsync("/api/technicians/t-pw-agent", Intakes.Technician(Region), HttpStatusCode.Created);

        var page = await browser.NewPageAsync();
        await page.GotoAsync($"/agent.html?region={Region}");
        await Expect(page.Locator("#live")).ToContainTextAsync($"live: {Region}");

        // P1 by phone: the caller is found again by their number and their details re-used.
        await page.GetByLabel("find the caller by phone or name").FillAsync("5555 0101");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Search" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Use these details" }).First.ClickAsync();
        await Expect(page.GetByLabel("customer name or company")).ToHaveValueAsync("Harbour Hotel");
        await Expect(page.GetByLabel("address")).ToHaveValueAsync("18 Riverside Road");
        await page.GetByLabel("channel").SelectOptionAsync("phone");
        await page.GetByLabel("what is wrong, in the caller's words").FillAsync("The rooftop unit stopped again");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the report" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("report recorded: ");
        var id = Recorded().Match(await page.Locator("#status").InnerTextAsync()).Groups["id"].Value;
        var reported = await agent.GetAsync($"/api/work-orders/{id}");
        Assert.Equal("phone", (string?)reported["fault"]!["channel"]);
        Assert.Equal("Harbour Hotel", (string?)reported["customer"]!["name"]);

        // The triage queue shows it, pushed, with the triage the server allows; on site moves it on.
        var queued = page.Locator($"#triage [data-order='{id}']");
        await Expect(queued.GetByRole(AriaRole.Button)).ToHaveTextAsync(["On site", "Resolved remotely"]);
        await ShotAsync(page, "agent-triage-queue");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the agent workspace with a report in its triage queue");
        await queued.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "On site" }).ClickAsync();
        await Expect(page.Locator($"#open [data-order='{id}'][data-status='triaged']")).ToBeVisibleAsync();
        await Expect(page.Locator("#triage [data-order]")).ToHaveCountAsync(0);

        // Dispatch, the repair, the inspection (sampling pinned Always), the customer's signature and the clean-up.
        await (await App.Personas.DispatcherAsync()).PostAsync($"/api/work-orders/{id}/dispatch", new { technicianId = "t-pw-agent" });
        var technician = await App.Personas.TechnicianAsync("t-pw-agent");
        await Walks.ToRepairAsync(technician, id);
        await technician.PostAsync($"/api/work-orders/{id}/complete", Checks.CompleteBody("cooling restored"));
        await Walks.HandOverAsync(App.Personas, agent, id);
        await technician.PostAsync($"/api/work-orders/{id}/acceptance", new { signedBy = "Ms Chen", signature = "data:,x" });
        await technician.PostAsync($"/api/work-orders/{id}/cleanup", null);

        // P9: the order waits in the callback queue with its 24 h countdown, and the callback may be recorded now.
        var callback = page.Locator($"#callbacks [data-callback='{id}']");
        await Expect(callback.Locator(".countdown")).ToHaveTextAsync(new Regex(@"call back within (23|24)h"));
        await Expect(callback.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Call back"]);
        await ShotAsync(page, "agent-callback-queue");
        await callback.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Call back" }).ClickAsync();
        await page.GetByLabel("overall satisfaction").SelectOptionAsync("2");
        await page.GetByLabel("Is the problem solved?").SelectOptionAsync("no");
        await page.GetByLabel("comments").FillAsync("Second visit this month");
        await page.GetByLabel("complaint (leave empty if none)").FillAsync("The same fault came back within a week.");
        await ShotAsync(page, "agent-callback-survey");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the agent workspace's callback survey form");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();
        await Expect(page.Locator("#status")).ToContainTextAsync("complaint opened");
        await Expect(callback).ToHaveCountAsync(0);

        var closed = await agent.GetAsync($"/api/work-orders/{id}");
        Assert.Equal("closed", (string?)closed["status"]);
        Assert.Equal("no", (string?)closed["callback"]!["answers"]!.AsArray().Single(a => (string?)a!["questionId"] == "problem-solved")!["answer"]);

        // CS4: the complaint opened from the survey is in the list; its first step is the one the server allows.
        var complaint = page.Locator($"#complaints [data-work-order='{id}']");
        await Expect(complaint).ToHaveAttributeAsync("data-status", "opened");
        await complaint.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Show and handle" }).ClickAsync();
        await Expect(complaint).ToContainTextAsync("The same fault came back within a week.");
        await Expect(complaint.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Record findings"]);
        await complaint.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Record findings" }).ClickAsync();
        await page.GetByLabel("what looking into it found").FillAsync("The relay was not replaced on the first visit.");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Confirm" }).ClickAsync();
        await Expect(complaint).ToHaveAttributeAsync("data-status", "investigated");
        await Expect(complaint.GetByRole(AriaRole.Button)).ToHaveTextAsync(["Resolve"]);
        await ShotAsync(page, "agent-complaint");
    }
}
