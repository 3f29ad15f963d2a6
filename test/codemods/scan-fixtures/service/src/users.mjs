import got from 'got';

export const getUser = (id) => got(`https://users.example.com/users/${id}`, { timeout: { request: 1500 } }).json();
