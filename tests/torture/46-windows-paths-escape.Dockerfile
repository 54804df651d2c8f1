# escape=`
FROM mcr.microsoft.com/dotnet/sdk:8.0
WORKDIR C:\app
COPY *.csproj .\
RUN dotnet restore
