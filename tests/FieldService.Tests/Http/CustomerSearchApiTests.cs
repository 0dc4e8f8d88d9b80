using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using FieldService.Tests.Infrastructure;

namespace FieldService.Tests.Http;

/// <summary>Issue 14.4 (P1, H3): customer service finds a caller again from their earlier orders, by name or phone.</summary>
public class CustomerSearchApiTests : HostedTests
{
    private static JsonObject Caller(string name, string phone, string region)
    {
        var body = Intakes.Body(region, agreedArrival: false);
        body["customer"]!["name"] = name;
        body["customer"]!["phone"] = phone;
        return body;
    }

    private static async Task<JsonArray> FindAsync(ApiClient client, string search, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.Http.GetAsync($"/api/customers?search={Uri.EscapeDataString(search)}");
        Assert.Equal(expected, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonArray ?? [];
    }

    [Fact]
    public async Task P14_4_a_caller_is_found_by_part_of_the_name_or_the_phone_digits_once_with_the_newest_details()
    {
        var agent = await Factory.Personas.AgentAsync();
        await agent.ReportAsync(Caller("Lotus Bakery", "+86 21 6000 1234", "cs-north"));
        Factory.Time.Advance(TimeSpan.FromMinutes(1)); // the second report is the newer one
        var newest = await agent.ReportAsync(Caller("Lotus Bakery", "+86 21 6000 1234", "cs-south"));
        await agent.ReportAsync(Caller("Pearl Tower", "+86 21 7000 9876", "cs-north"));

        var byName = await FindAsync(agent, "lotus");
        var byPhone = await FindAsync(agent, "6000-1234");

        Assert.Equal([("Lotus Bakery", newest, "cs-south")], byName.Select(c => ((string?)c!["customer"]!["name"], (string?)c["lastOrderId"], (string?)c["region"])));
        Assert.Equal("+86 21 6000 1234", (string?)byPhone.Single()!["customer"]!["phone"]);
        Assert.Equal("18 Riverside Road", (string?)byPhone.Single()!["customer"]!["address"]);
        Assert.Empty(await FindAsync(agent, "Nobody Ltd"));
    }

    [Fact]
    public async Task P14_4_the_search_is_customer_service_s_and_bad_text_is_422_naming_the_field()
    {
        var agent = await Factory.Personas.AgentAsync();
        await agent.ReportAsync(Caller("Jade Garden", "+86 21 8000 5555", "cs-h3"));

        var tooShort = await agent.Http.GetAsync("/api/customers?search=J");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooShort.StatusCode);
        Assert.True(JsonDocument.Parse(await tooShort.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty("search", out _));
        // H3: contact data of earlier orders is customer service's; a technician or a customer may not search it.
        await FindAsync(await Factory.Personas.TechnicianAsync("t-h3"), "Jade", HttpStatusCode.Forbidden);
        await FindAsync(await Factory.Personas.CustomerAsync("c-h3"), "Jade", HttpStatusCode.Forbidden);
    }
}
