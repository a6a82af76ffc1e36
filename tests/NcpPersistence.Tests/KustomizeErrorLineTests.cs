using NcpPersistence.Loading.Kustomize;

namespace NcpPersistence.Tests;

/// <summary>
/// NCP9006 quotes the cause of a failed build, not kustomize's chain of wrappers around it: the lines below
/// have the shapes kubectl 1.32 (klog) and kustomize 5.5 print.
/// </summary>
[TestFixture]
public sealed class KustomizeErrorLineTests
{
    [Test]
    public void Kubectl_log_line_gives_the_quoted_error()
    {
        var stderr = "E1201 12:19:02.015722   15650 run.go:72] \"command failed\" err=\"invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch\"\n";

        Assert.That(KustomizeRunner.FirstErrorLine(stderr), Is.EqualTo("invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch"));
    }

    [Test]
    public void Kubectl_log_of_a_multi_line_error_gives_its_lines_joined()
    {
        // klog's shape for an error with line breaks (a missing patch file: the config block is quoted in backticks).
        var stderr = "E1201 15:13:26.336149   20335 run.go:72] \"command failed\" err=<\n"
            + "\ttrouble configuring builtin PatchTransformer with config: `\n"
            + "\tpath: params.yaml\n"
            + "\t`: failed to get the patch file from path(params.yaml): evalsymlink failure on '/r/o/params.yaml' : lstat /r/o/params.yaml: no such file or directory\n"
            + " >\n";

        Assert.That(KustomizeRunner.FirstErrorLine(stderr), Is.EqualTo("trouble configuring builtin PatchTransformer with config: ` path: params.yaml `: failed to get the patch file from path(params.yaml): evalsymlink failure on '/r/o/params.yaml' : lstat /r/o/params.yaml: no such file or directory"));
    }

    [Test]
    public void Nested_accumulation_errors_give_the_innermost()
    {
        var stderr = "Error: accumulating resources: accumulation err='accumulating resources from 'svc.yaml': missing metadata.name in object {{v1 Service} {{ } map[] map[]}}'\n";

        Assert.That(KustomizeRunner.FirstErrorLine(stderr), Is.EqualTo("accumulating resources from 'svc.yaml': missing metadata.name in object {{v1 Service} {{ } map[] map[]}}"));
    }

    [Test]
    public void A_folder_resource_gives_the_cause_after_its_recursion_not_the_file_attempt()
    {
        // A folder is tried as a file first; the text before "recursed accumulation" only says it is not a file.
        var stderr = "E1201 12:46:14.551733    9646 run.go:72] \"command failed\" err=\"accumulating resources: accumulation err='accumulating resources from '../../base': '/r/base' must resolve to a file': recursed accumulation of path '/r/base': loading KV pairs: file sources: [env.txt]: evalsymlink failure on '/r/base/env.txt' : lstat /r/base/env.txt: no such file or directory'\"\n";

        Assert.That(KustomizeRunner.FirstErrorLine(stderr), Is.EqualTo("loading KV pairs: file sources: [env.txt]: evalsymlink failure on '/r/base/env.txt' : lstat /r/base/env.txt: no such file or directory"));
    }

    [Test]
    public void An_invalid_kustomization_gives_the_cause_after_the_target_wrapper()
    {
        var stderr = "E1201 12:19:02.015722   15650 run.go:72] \"command failed\" err=\"accumulating resources: accumulation err='accumulating resources from 'app': 'app' must resolve to a file': couldn't make target for path 'app': invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch'\"\n";

        Assert.That(KustomizeRunner.FirstErrorLine(stderr), Is.EqualTo("invalid Kustomization: json: cannot unmarshal string into Go struct field Kustomization.patches of type types.Patch"));
    }

    [Test]
    public void A_cause_ending_in_a_quoted_path_keeps_its_quote()
    {
        var stderr = "E1201 13:01:27.340688   23198 run.go:72] \"command failed\" err=\"accumulating resources: accumulation err='accumulating resources from '../app': '/r/app' must resolve to a file': cycle detected: candidate root '/r/app' contains visited root '/r/app'\"\n";

        Assert.That(KustomizeRunner.FirstErrorLine(stderr), Is.EqualTo("cycle detected: candidate root '/r/app' contains visited root '/r/app'"));
    }

    [Test]
    public void Without_load_restriction_the_folder_attempt_reads_is_a_directory_and_is_dropped_too()
    {
        var stderr = "E1201 14:20:01.000000    1507 run.go:72] \"command failed\" err=\"accumulating resources: accumulation err='accumulating resources from '../app': read /r/app: is a directory': cycle detected: candidate root '/r/app' contains visited root '/r/app'\"\n";

        Assert.That(KustomizeRunner.FirstErrorLine(stderr), Is.EqualTo("cycle detected: candidate root '/r/app' contains visited root '/r/app'"));
    }

    [Test]
    public void Only_the_first_line_counts_and_empty_output_is_no_line()
    {
        Assert.That(KustomizeRunner.FirstErrorLine("\n  Error: first\nsecond\n"), Is.EqualTo("first"));
        Assert.That(KustomizeRunner.FirstErrorLine(" \n"), Is.Null);
    }
}
