import { appNodeOptions } from './service-process';

describe(appNodeOptions.name, () => {
  it('reads an app’s options from deploy/node-options without its comments', () => {
    expect(appNodeOptions('fund-proposals')).toBe('--max-old-space-size=256');
  });

  it('is empty for an app that has none', () => {
    expect(appNodeOptions('directory')).toBe('');
  });
});
