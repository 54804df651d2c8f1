-- +goose Up
CREATE TABLE notes (id INTEGER PRIMARY KEY);
