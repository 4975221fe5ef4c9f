using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Tagging
{
    public sealed class TagFilter
    {
        public string? Key { get; set; }
        public List<string>? Values { get; set; }
    }

    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
