using System.Text.RegularExpressions;
using FieldService.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FieldService.Tests.Browser;

/// <summary>Issue 14.6 with a real sign-in: the customer page takes the customer account from the provider's claim
/// (mapped from <c>customer_number</c>), asks for nothing to type, and follows that account's orders over the cookie
/// session's hub.</summary>
[Collection(OidcCollection.Name)]
public sealed class CustomerPageOidcTests(OidcFixture oidc)
{
    [Fact]
    public async Task P14_6_a_customer_signed_in_at_the_provider_follows_the_orders_of_the_account_their_claim_names()
    {
        var page = await oidc.NewPageAsync();
        await page.GotoAsync("/customer.html");
        await page.FillAsync("input[name='login']", "customer");
        await page.FillAsync("input[name='password']", "test-password");
        await page.ClickAsync("button[type='submit']");

        await Expect(page.Locator("#account")).ToHaveTextAsync("Your orders as customer c-oidc, updated as they change.");
        await Expect(page.Locator("#live")).ToHaveTextAsync(new Regex("^live #\\d+$"));
        await Expect(page.Locator("#join")).ToBeHiddenAsync(); // nothing to type: the account is the sign-in's

        await CustomerPageTests.ReportOnPageAsync(page, ("Midea MDV", "MD-77", "Water dripping from the indoor unit"), ("Cai Customer", "+86 21 5555 0177", "3 Bund Road"));
        var card = page.Locator("#orders [data-order][data-status='reported']").Filter(new LocatorFilterOptions { HasText = "Midea MDV" });
        await Expect(card).ToHaveCountAsync(1);
        var id = await card.GetAttributeAsync("data-order") ?? throw new InvalidOperationException("the card names no order");

        var agent = OidcSession.Bearer(oidc.BaseAddress, await oidc.BearerTokenAsync("agent"));
        await agent.PostAsync($"/api/work-orders/{id}/triage", new { onSite = true });
        await Expect(page.Locator($"#orders [data-order='{id}']")).ToHaveAttributeAsync("data-status", "triaged");
        Assert.Equal("c-oidc", (string?)(await agent.GetAsync($"/api/work-orders/{id}"))["customerId"]);
        await page.Context.CloseAsync(); // the collection's browser is shared: its live connection ends here
    }
}
