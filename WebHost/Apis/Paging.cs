
namespace FieldService.WebHost.Apis;

/// <summary>Page and page size of a listing: pages count from 1; at most <see cref="MaxPageSize"/> items a page.</summary>
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Keeps offsets far from overflow; no listing a person reads goes this deep.</summary>
    public const int MaxPage = 100_000;

    public static (int Page, int PageSize) Read(int? page, int? pageSize, Validation v)
    {
        if (page is < 1 or > MaxPage)
        {
            v.Add("page", $"must be between 1 and {MaxPage}");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            v.Add("pageSize", $"must be between 1 and {MaxPageSize}");
        }

        return (page ?? 1, pageSize ?? DefaultPageSize);
    }

    /// <summary>An optional filter value: blank means "no filter".</summary>
    public static string? Filter(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>One page of a listing as the API returns it.</summary>
public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total)
{
    public static PageResponse<T> Of(Page<T> page) => new(page.Items, page.PageNumber, page.PageSize, page.Total);
}
