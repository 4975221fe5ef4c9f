using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.AutoScaling
{
    public sealed class Filter
    {
        public string? Name { get; set; }
        public List<string>? Values { get; set; }
    }
}
