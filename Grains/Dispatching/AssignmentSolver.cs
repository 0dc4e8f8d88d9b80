namespace FieldService.Grains.Dispatching;

/// <summary>
/// Minimum-cost assignment of rows to columns (the Hungarian method with potentials, O(rows² × columns)).
/// Pairs that may not be matched carry <see cref="Forbidden"/>. Each row is matched to at most one column and each
/// column to at most one row; as many rows as possible are matched first, and among those matchings the cheapest
/// is returned.
/// </summary>
public static class AssignmentSolver
{
    public const double Forbidden = double.PositiveInfinity;

    /// <summary>Per row, the matched column or -1.</summary>
    public static int[] Solve(double[,] cost)
    {
        var rows = cost.GetLength(0);
        var columns = cost.GetLength(1);
        if (rows == 0)
        {
            return [];
        }

        // Every row also gets its own "unmatched" column, dearer than any real matching of all rows, and forbidden
        // pairs cost more than leaving a row unmatched: the solver then maximises the matched rows, then minimises cost.
        var finite = 0.0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (!double.IsInfinity(cost[r, c]))
                {
                    finite = Math.Max(finite, Math.Abs(cost[r, c]));
                }
            }
        }

        var unmatched = (finite + 1) * (rows + 1);
        var forbidden = unmatched * (rows + 1);
        var width = columns + rows;
        double Cost(int r, int c) =>
            c < columns ? (double.IsInfinity(cost[r, c]) ? forbidden : cost[r, c]) : (c - columns == r ? unmatched : forbidden);

        // 1-based arrays as in the textbook formulation; column 0 is the virtual start.
        var u = new double[rows + 1];
        var v = new double[width + 1];
        var rowOf = new int[width + 1];
        var way = new int[width + 1];
        var minv = new double[width + 1];
        var used = new bool[width + 1];
        for (var i = 1; i <= rows; i++)
        {
            rowOf[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.MaxValue);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                var i0 = rowOf[j0];
                var delta = double.MaxValue;
                var j1 = 0;
                for (var j = 1; j <= width; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var reduced = Cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if (reduced < minv[j])
                    {
                        minv[j] = reduced;
                        way[j] = j0;
                    }

                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= width; j++)
                {
                    if (used[j])
                    {
                        u[rowOf[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (rowOf[j0] != 0);

            do
            {
                var j1 = way[j0];
                rowOf[j0] = rowOf[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var result = new int[rows];
        Array.Fill(result, -1);
        for (var j = 1; j <= columns; j++)
        {
            if (rowOf[j] != 0 && !double.IsInfinity(cost[rowOf[j] - 1, j - 1]))
            {
                result[rowOf[j] - 1] = j - 1;
            }
        }

        return result;
    }
}
