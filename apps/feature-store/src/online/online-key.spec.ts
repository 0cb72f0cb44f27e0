import { OnlineKeySpace, onlineKey } from './online-key';

describe(onlineKey.name, () => {
  it('lays a key out as fs:<namespace>:<view>:v<version>:<entity_id>', () => {
    expect(onlineKey('tenant-a', 'user_transactions', 1, 'u1')).toBe('fs:tenant-a:user_transactions:v1:u1');
  });

  it('writes "-" for the empty namespace', () => {
    expect(onlineKey('', 'merchant_transactions', 3, 'm-9')).toBe('fs:-:merchant_transactions:v3:m-9');
  });

  it('keeps versions of a view apart', () => {
    expect(onlineKey('', 'v', 1, 'e')).not.toBe(onlineKey('', 'v', 2, 'e'));
  });

  it('takes the entity id as is, colons and spaces included, so distinct ids never share a key', () => {
    expect(onlineKey('', 'v', 1, 'a:v2:b c')).toBe('fs:-:v:v1:a:v2:b c');
    expect(onlineKey('', 'v', 1, 'a:b')).not.toBe(onlineKey('', 'v', 1, 'a') + ':b:');
  });
});

describe(OnlineKeySpace.name, () => {
  it('keys a view version and entity in its namespace', () => {
    expect(new OnlineKeySpace('spec').key({ name: 'user_transactions', version: 2 }, 'u1')).toBe('fs:spec:user_transactions:v2:u1');
  });
});
