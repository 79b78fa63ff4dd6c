import { kafkajsSecurity } from './kafka-client.js';

describe("the kafkajs client's TLS and SASL options", () => {
  it('asks for neither when the settings name none', () => {
    expect(kafkajsSecurity(undefined)).toEqual({});
    expect(kafkajsSecurity({ tls: false })).toEqual({});
  });

  it("trusts the system's authorities, or only the ones given", () => {
    expect(kafkajsSecurity({ tls: {} })).toEqual({ ssl: true });
    expect(kafkajsSecurity({ tls: { ca: 'PEM' } })).toEqual({ ssl: { ca: ['PEM'] } });
  });

  it("signs in as the service's own SASL user, over TLS or not", () => {
    const sasl = { mechanism: 'scram-sha-512' as const, username: 'intake', password: 'secret' };
    expect(kafkajsSecurity({ tls: {}, sasl })).toEqual({ ssl: true, sasl });
    expect(kafkajsSecurity({ tls: false, sasl })).toEqual({ sasl });
  });
});
