FROM alpine
CMD ["node", server.js]
ENTRYPOINT ["a",
RUN ["sh", '-c', 'x']
CMD ["ok"] trailing text
