import axios from 'axios';

const api = axios.create({ baseURL: 'https://payments.example.com', timeout: 2000 });

export async function charge(orderId: string, cents: number) {
  return axios.post('https://payments.example.com/v1/charges', { orderId, cents });
}

export async function refund(chargeId: string) {
  return api.post('/v1/refunds', { chargeId });
}

export async function status(chargeId: string) {
  return api.get(`/v1/charges/${chargeId}`, { timeout: 0 });
}
