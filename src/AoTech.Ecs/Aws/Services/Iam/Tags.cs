using System.Collections.Generic;
using AoTech.Ecs.Aws.Model;

namespace AoTech.Ecs.Aws.Services.Iam
{
    public sealed class Tag
    {
        public string? Key { get; set; }
        public string? Value { get; set; }
    }
}
