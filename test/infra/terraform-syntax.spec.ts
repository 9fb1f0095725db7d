import { parseHcl, readRepoFile, terraformPaths, TerraformSyntaxError } from './helpers/terraform-files.js';

describe('Terraform syntax (@cdktf/hcl2json, offline)', () => {
  it('parses every .tf, .tfvars and backend .hcl file under terraform/', async () => {
    const paths = terraformPaths('.tf', '.tfvars', '.hcl');
    expect(paths.filter((path) => path.endsWith('.tf')).length).toBeGreaterThanOrEqual(20);
    expect(paths.filter((path) => path.endsWith('.tfvars'))).toEqual(['terraform/environments/dev.tfvars', 'terraform/environments/prod.tfvars']);
    for (const path of paths) {
      await expect(parseHcl(path, readRepoFile(path))).resolves.toEqual(expect.any(Object));
    }
  });

  it('reports a syntax error with its file and line', async () => {
    const broken = ['resource "azurerm_resource_group" "this" {', '  name     = "rg-example"', '  location = ', '}', ''].join('\n');
    const error: unknown = await parseHcl('terraform/modules/example/broken.tf', broken).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerraformSyntaxError);
    expect(error).toMatchObject({ file: 'terraform/modules/example/broken.tf', line: 3 });
    expect((error as Error).message).toMatch(/^terraform\/modules\/example\/broken\.tf:3: /);
  });

  it('reports an unclosed block in a tfvars file with its file and line', async () => {
    const error: unknown = await parseHcl('terraform/environments/broken.tfvars', 'environment = "dev"\nlegacy = {\n  soap_url = "x"\n').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TerraformSyntaxError);
    // The block opened on line 2 runs to the end of the file: HCL reports where the file ends (line 4).
    expect(error).toMatchObject({ file: 'terraform/environments/broken.tfvars', line: 4 });
  });
});
